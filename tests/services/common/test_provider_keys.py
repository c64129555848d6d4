"""The provider's keys: fetched off the event loop once, then used in place; withdrawn keys
expire; a key serves only the algorithm it is for."""

import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from services.common.auth import authenticate
from services.common.errors import Problem
from services.common.provider_keys import cached_key, fetched_key, jwks_client
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
    assert cached_key(jwks_client(url), "rsa-1") is None
    for subject in ("a", "b", "c"):
        token = sign(
            {"alg": "RS256", "kid": "rsa-1"},
            claims(DEV, time.time(), issuer=PROVIDER, sub=subject),
            RSA_KEY,
        )
        assert (await authenticate(settings, f"Bearer {token}")).subject == subject
    assert cached_key(jwks_client(url), "rsa-1") is not None
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
    client = jwks_client(url, lifespan=0.3)
    assert fetched_key(client, "rsa-1").key_id == "rsa-1"
    state.keys = {"keys": [k for k in state.keys["keys"] if k["kid"] != "rsa-1"]}
    assert cached_key(client, "rsa-1") is not None  # still within its lifespan
    time.sleep(0.4)
    assert cached_key(client, "rsa-1") is None
    with pytest.raises(jwt.PyJWKClientError):
        fetched_key(client, "rsa-1")
    assert state.fetches == 2


async def test_a_key_the_provider_marks_for_another_algorithm_is_not_used(
    provider: tuple[Provider, str],
) -> None:
    """A JWK with ``alg`` RS384 verifies no RS256 token, though the key itself could."""
    state, url = provider
    state.keys = {
        "keys": [{**k, "alg": "RS384"} for k in state.keys["keys"] if k["kid"] == "rsa-1"]
    }
    settings = ServiceSettings(auth_jwks_url=url, auth_jwks_issuer=PROVIDER)
    with pytest.raises(Problem) as refused:
        await authenticate(settings, f"Bearer {_token()}")
    assert refused.value.status == 401


async def test_a_provider_that_does_not_answer_is_a_503_not_a_refusal() -> None:
    with serve({}) as url:  # no key set here: every fetch fails
        settings = ServiceSettings(auth_jwks_url=f"{url}/jwks.json", auth_jwks_issuer=PROVIDER)
        with pytest.raises(Problem) as unavailable:
            await authenticate(settings, f"Bearer {_token()}")
    assert unavailable.value.status == 503
    assert unavailable.value.headers == {"Retry-After": "5"}
