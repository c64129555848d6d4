"""The provider's keys: fetched off the event loop once, then used in place; withdrawn keys
expire; a key serves only the algorithm it is for."""

import time
from collections.abc import Iterator
from typing import Any

import pytest

from services.common.auth import authenticate
from services.common.errors import Problem
from services.common.jws import HmacKey, InvalidToken, RsaKey, parse, verified_payload
from services.common.provider_keys import ProviderKeys, provider_keys
from services.common.settings import ServiceSettings
from tests.services.common.token_corpus import EC_KEY, PROVIDER, RSA_KEY, claims, jwks, sign
from tests.services.voting.loopback import serve

DEV = ServiceSettings()


class Provider:
    """A JWKS on loopback that counts its fetches and can change its keys."""

    def __init__(self) -> None:
        self.keys: dict[str, Any] = jwks()
        self.fetches = 0

    def answer(self, _body: bytes) -> tuple[int, Any]:
        self.fetches += 1
        return 200, self.keys


@pytest.fixture
def provider() -> Iterator[tuple[Provider, str]]:
    state = Provider()
    with serve({"/jwks.json": state.answer}) as url:
        yield state, f"{url}/jwks.json"


def _token(kid: str = "rsa-1", alg: str = "RS256", key: Any = RSA_KEY) -> str:
    return sign({"alg": alg, "kid": kid}, claims(DEV, time.time(), issuer=PROVIDER), key)


async def test_a_key_is_fetched_once_then_used_on_the_event_loop(
    provider: tuple[Provider, str],
) -> None:
    state, url = provider
    settings = ServiceSettings(auth_jwks_url=url, auth_jwks_issuer=PROVIDER)
    assert provider_keys(url).cached("rsa-1", "RS256") is None
    for subject in ("a", "b", "c"):
        token = sign(
            {"alg": "RS256", "kid": "rsa-1"},
            claims(DEV, time.time(), issuer=PROVIDER, sub=subject),
            RSA_KEY,
        )
        assert (await authenticate(settings, f"Bearer {token}")).subject == subject
    assert isinstance(provider_keys(url).cached("rsa-1", "RS256"), RsaKey)
    es = await authenticate(settings, f"Bearer {_token('ec-1', 'ES256', EC_KEY)}")
    assert (es.subject, state.fetches) == ("199001011234", 1)


async def test_tokens_of_no_provider_algorithm_never_reach_the_provider(
    provider: tuple[Provider, str],
) -> None:
    state, url = provider
    settings = ServiceSettings(auth_jwks_url=url, auth_jwks_issuer=PROVIDER)
    for alg in ("none", "HS512", "RS384", "EdDSA"):
        with pytest.raises(Problem) as refused:
            await authenticate(settings, f"Bearer {_token(alg=alg)}")
        assert refused.value.status == 401
    assert state.fetches == 0


def test_a_withdrawn_key_is_refused_once_its_lifespan_is_over(
    provider: tuple[Provider, str],
) -> None:
    state, url = provider
    keys = ProviderKeys(url, lifespan=0.3)
    assert isinstance(keys.fetch("rsa-1", "RS256"), RsaKey)
    state.keys = {"keys": [k for k in state.keys["keys"] if k["kid"] != "rsa-1"]}
    assert keys.fetch("rsa-1", "RS256") is not None  # still within its lifespan
    time.sleep(0.4)
    with pytest.raises(InvalidToken):
        keys.fetch("rsa-1", "RS256")


async def test_a_key_the_provider_marks_for_another_algorithm_is_not_used(
    provider: tuple[Provider, str],
) -> None:
    """Stricter than PyJWT with a bare key: a JWK with ``alg`` RS384 verifies no RS256 token."""
    state, url = provider
    state.keys = {
        "keys": [{**k, "alg": "RS384"} for k in state.keys["keys"] if k["kid"] == "rsa-1"]
    }
    settings = ServiceSettings(auth_jwks_url=url, auth_jwks_issuer=PROVIDER)
    with pytest.raises(InvalidToken):
        ProviderKeys(url).fetch("rsa-1", "RS256")
    with pytest.raises(Problem) as refused:
        await authenticate(settings, f"Bearer {_token()}")
    assert refused.value.status == 401


def test_a_prepared_key_verifies_only_its_own_algorithm() -> None:
    """HS256 "signed" with the secret but labelled RS256 never meets the HMAC key."""
    secret = DEV.auth_secret
    relabelled = sign({"alg": "RS256"}, claims(DEV, time.time()), secret)
    with pytest.raises(InvalidToken):
        verified_payload(parse(relabelled), HmacKey(secret.encode()))
    genuine = sign({"alg": "HS256"}, claims(DEV, time.time()), secret)
    assert verified_payload(parse(genuine), HmacKey(secret.encode()))["sub"] == "199001011234"
