"""Verified tokens are remembered until they expire, and only verified ones."""

import time
from datetime import timedelta

import pytest

from services.common.auth import Principal, Role, VerifiedTokens, authenticate, issue_token
from services.common.errors import Problem
from services.common.settings import ServiceSettings


async def test_a_verified_token_is_remembered_and_a_forged_one_is_not() -> None:
    settings, cache = ServiceSettings(), VerifiedTokens()
    token = issue_token(settings, "anna", [Role.RESIDENT])
    first = await authenticate(settings, f"Bearer {token}", cache)
    assert await authenticate(settings, f"Bearer {token}", cache) is first
    with pytest.raises(Problem) as refused:
        await authenticate(settings, f"Bearer {token[:-2]}xx", cache)
    assert refused.value.status == 401
    assert cache.get(token[:-2] + "xx") is None


async def test_an_expired_token_is_refused_even_if_it_was_remembered() -> None:
    settings, cache = ServiceSettings(), VerifiedTokens()
    token = issue_token(settings, "anna", [Role.RESIDENT], ttl=timedelta(seconds=-1))
    expired = Principal(
        subject="anna", roles=frozenset({Role.RESIDENT}), claims={"exp": time.time() - 1}
    )
    cache.put(token, expired)  # as if verified while it was still valid
    with pytest.raises(Problem) as refused:
        await authenticate(settings, f"Bearer {token}", cache)
    assert (refused.value.status, "gått ut" in refused.value.detail) == (401, True)
    assert cache.get(token) is None


def test_the_least_recently_used_token_goes_first() -> None:
    cache = VerifiedTokens(size=2)
    later = time.time() + 60
    for token in ("a", "b"):
        cache.put(token, Principal(subject=token, claims={"exp": later}))
    assert cache.get("a") is not None  # "b" is now the least recently used
    cache.put("c", Principal(subject="c", claims={"exp": later}))
    assert [cache.get(t) is not None for t in ("a", "b", "c")] == [True, False, True]
