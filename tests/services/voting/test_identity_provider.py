"""Tokens from the kommun's identity provider (RS256, JWKS on loopback) next to the dev key."""

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from jwt.utils import base64url_encode

from services.common.auth import Role, issue_token, verify_token
from services.common.errors import Problem
from services.voting.settings import VotingSettings
from tests.services.helpers import assert_problem
from tests.services.voting.conftest import cast, open_ballot, personnummer
from tests.services.voting.loopback import serve

PROVIDER = "https://login.are.se"
VOTER = personnummer(date(1990, 1, 1)).replace("-", "")
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks() -> dict[str, Any]:
    public = jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True)
    return {"keys": [{**public, "kid": "are-1", "use": "sig", "alg": "RS256"}]}


def provider_token(key: Any = KEY, kid: str = "are-1", **claims: Any) -> str:
    now = datetime.now(UTC)
    payload = {
        "sub": VOTER,
        "roles": ["resident"],
        "iss": PROVIDER,
        "aud": "medborgarbudget",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        **claims,
    }
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def jwks_url() -> Iterator[str]:
    with serve({"/jwks.json": lambda _body: (200, _jwks())}) as url:
        yield f"{url}/jwks.json"


@pytest.fixture
def app_settings(database_url: str, jwks_url: str) -> VotingSettings:
    return VotingSettings(
        database_url=database_url, auth_jwks_url=jwks_url, auth_jwks_issuer=PROVIDER
    )


def test_a_provider_token_is_verified_against_the_jwks(app_settings: VotingSettings) -> None:
    principal = verify_token(app_settings, provider_token(birthdate="1990-01-01", kommun="2321"))
    assert principal.subject == VOTER
    assert principal.roles == {Role.RESIDENT}
    assert (principal.claims["birthdate"], principal.claims["kommun"]) == ("1990-01-01", "2321")


@pytest.mark.parametrize(
    "token",
    [
        provider_token(key=OTHER_KEY),  # signed by someone else
        provider_token(kid="unknown"),  # a key the provider never published
        provider_token(iss="medborgarbudget-dev"),  # the dev issuer may not use RS256
        provider_token(aud="another-service"),
        provider_token(exp=datetime.now(UTC) - timedelta(minutes=1)),
    ],
)
def test_forged_or_misdirected_provider_tokens_are_401(
    app_settings: VotingSettings, token: str
) -> None:
    with pytest.raises(Problem) as refused:
        verify_token(app_settings, token)
    assert refused.value.status == 401


def test_a_public_key_cannot_pose_as_the_shared_secret(app_settings: VotingSettings) -> None:
    """The algorithm-confusion attack: HS256 "signed" with the provider's public key."""
    public_pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    claims = {"sub": "x", "roles": ["system"], "iss": PROVIDER, "aud": "medborgarbudget"}
    parts = [{"alg": "HS256", "typ": "JWT", "kid": "are-1"}, {**claims, "exp": 9999999999}]
    signed = ".".join(base64url_encode(json.dumps(part).encode()).decode() for part in parts)
    signature = hmac.new(public_pem, signed.encode(), hashlib.sha256).digest()
    forged = f"{signed}.{base64url_encode(signature).decode()}"
    with pytest.raises(Problem) as refused:
        verify_token(app_settings, forged)
    assert refused.value.status == 401


def test_dev_tokens_keep_working_beside_the_provider(app_settings: VotingSettings) -> None:
    token = issue_token(app_settings, "worker", [Role.SYSTEM])
    assert verify_token(app_settings, token).roles == {Role.SYSTEM}


def test_without_a_jwks_url_provider_tokens_are_401(database_url: str) -> None:
    with pytest.raises(Problem) as refused:
        verify_token(VotingSettings(database_url=database_url), provider_token())
    assert refused.value.status == 401


def test_an_unreachable_jwks_is_a_503(database_url: str) -> None:
    with serve({}) as url:
        gone = f"{url}/jwks.json"
    settings = VotingSettings(database_url=database_url, auth_jwks_url=gone)
    with pytest.raises(Problem) as refused:
        verify_token(settings, provider_token())
    assert (refused.value.status, refused.value.code) == (503, "identity-provider-unavailable")


def test_a_resident_votes_with_the_providers_token_and_its_claims_decide(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system, eligibility={"min_age": 18, "kommun": "2321"})
    adult = provider_token(kommun="2321")  # born 1990 by the personnummer
    child = provider_token(sub="idp-42", birthdate="2020-01-01", kommun="2321")
    assert cast(client, {"Authorization": f"Bearer {adult}"}, [1]).status_code == 201
    refused = cast(client, {"Authorization": f"Bearer {child}"}, [1])
    assert_problem(refused, 403, "not-eligible")
