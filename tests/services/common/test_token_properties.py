"""Random tokens (hypothesis) against what verification must never do.

Three kinds: valid tokens with one character changed, dropped or added (never accepted with
other claims); random claims (values of every JSON type, times around now) signed with the
secret (accepted only when unexpired, for our issuer and audience); and random headers (alg,
kid, crit, b64) signed with whichever key, so alg/key mismatches come up on their own (accepted
only when the header names the algorithm of the key that really signed).
"""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from services.common.settings import ServiceSettings
from tests.services.common.token_corpus import (
    EC_KEY,
    PROVIDER,
    RSA_KEY,
    RSA_PUBLIC_PEM,
    SigningKey,
    claims,
    jwks,
    our_verdict,
    sign,
)
from tests.services.voting.loopback import serve

SECRET = ServiceSettings().auth_secret
DEV = ServiceSettings()
NOW = time.time()
SIGNING_KEYS: dict[str, SigningKey] = {
    "secret": SECRET,
    "rsa": RSA_KEY,
    "ec": EC_KEY,
    "pem": RSA_PUBLIC_PEM,
    "none": None,
}
VALID = [
    sign({"alg": "HS256", "typ": "JWT"}, claims(DEV, NOW), SECRET),
    sign({"alg": "RS256", "kid": "rsa-1"}, claims(DEV, NOW, issuer=PROVIDER), RSA_KEY),
    sign({"alg": "ES256", "kid": "ec-1"}, claims(DEV, NOW, issuer=PROVIDER), EC_KEY),
]
RANDOM = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def provider() -> Iterator[ServiceSettings]:
    with serve({"/jwks.json": lambda _body: (200, jwks())}) as url:
        yield ServiceSettings(auth_jwks_url=f"{url}/jwks.json", auth_jwks_issuer=PROVIDER)


def _accepted_claims(provider: ServiceSettings, token: str) -> dict[str, Any] | None:
    verdict, verified = our_verdict(provider, token)
    return verified if verdict == "ok" else None


CHARACTERS = st.sampled_from("AQgw09-_=.!+/ \x00é")


@RANDOM
@given(
    which=st.sampled_from(range(len(VALID))),
    where=st.floats(0, 1),
    edit=st.sampled_from(["replace", "drop", "insert"]),
    character=CHARACTERS,
)
def test_one_character_changed(
    provider: ServiceSettings, which: int, where: float, edit: str, character: str
) -> None:
    token = VALID[which]
    at = min(int(where * len(token)), len(token) - 1)
    changed = {
        "replace": token[:at] + character + token[at + 1 :],
        "drop": token[:at] + token[at + 1 :],
        "insert": token[:at] + character + token[at:],
    }[edit]
    verified = _accepted_claims(provider, changed)
    assert verified is None or verified == _accepted_claims(provider, token)


JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.lists(st.sampled_from(["medborgarbudget", "other", 1]), max_size=3),
)
# Times at least 5 s from now, so the two verdicts cannot straddle a second boundary.
TIMES = st.one_of(
    st.integers(-(10**6), -5), st.integers(5, 10**6), st.floats(-(10**6), -5), st.floats(5, 10**6)
).map(lambda offset: NOW + offset)
TIME_VALUES = st.one_of(TIMES.map(int), TIMES, TIMES.map(lambda t: str(int(t))), JSON_VALUES)
# A claim's new value; None leaves the claim out.
CLAIM_VALUES = st.one_of(
    st.none(),
    TIME_VALUES,
    JSON_VALUES,
    st.sampled_from([PROVIDER, DEV.auth_issuer, DEV.auth_audience, ["x", DEV.auth_audience]]),
)
CLAIM_NAMES = ["exp", "nbf", "iat", "iss", "aud", "sub", "jti"]


@RANDOM
@given(changes=st.dictionaries(st.sampled_from(CLAIM_NAMES), CLAIM_VALUES, max_size=2))
@example(changes={})
def test_valid_claims_with_one_or_two_changed(
    provider: ServiceSettings, changes: dict[str, Any]
) -> None:
    payload = {**claims(DEV, NOW, nbf=int(NOW) - 5, jti="id-0"), **changes}
    payload = {name: value for name, value in payload.items() if value is not None}
    verdict, verified = our_verdict(provider, sign({"alg": "HS256"}, payload, SECRET))
    if verdict == "expired":
        assert float(payload["exp"]) <= time.time()
    if verified is None:
        return
    assert float(verified["exp"]) > time.time() and verified["iss"] == DEV.auth_issuer
    audience = verified["aud"]
    assert audience == DEV.auth_audience or DEV.auth_audience in audience
    assert isinstance(verified["sub"], str) and isinstance(verified.get("jti", ""), str)
    for name in ("iat", "nbf"):
        assert name not in verified or float(verified[name]) <= time.time()


# Each valid kind of token: its header, its signing key, its issuer.
KINDS: dict[str, tuple[dict[str, Any], str, str]] = {
    "HS256": ({"alg": "HS256"}, "secret", ""),
    "RS256": ({"alg": "RS256", "kid": "rsa-1"}, "rsa", PROVIDER),
    "ES256": ({"alg": "ES256", "kid": "ec-1"}, "ec", PROVIDER),
}
# (alg, kid) of the headers each key may really sign: the secret only HS256 (any kid).
SIGNED_BY: dict[str, set[tuple[Any, Any]]] = {
    "secret": {("HS256", kid) for kid in ("rsa-1", "ec-1", "other", None)},
    "rsa": {("RS256", "rsa-1")},
    "ec": {("ES256", "ec-1")},
    "pem": set(),
    "none": set(),
}
HEADER_VALUES = {
    "alg": st.sampled_from(["HS256", "RS256", "ES256", "none", "HS512", "RS384", "", 1, None]),
    "kid": st.sampled_from(["rsa-1", "ec-1", "other", 3, None, "absent"]),
    "crit": st.sampled_from([["b64"], ["exp"], [], "b64", "absent"]),
    "b64": st.sampled_from([True, False, 0, "absent"]),
    "typ": st.sampled_from(["JWT", "at+jwt", 5]),
}


@RANDOM
@given(
    kind=st.sampled_from(sorted(KINDS)),
    changes=st.fixed_dictionaries({}, optional=HEADER_VALUES),
    key=st.one_of(st.none(), st.sampled_from(sorted(SIGNING_KEYS))),
)
@example(kind="HS256", changes={}, key=None)
def test_valid_headers_with_fields_changed_and_any_key(
    provider: ServiceSettings, kind: str, changes: dict[str, Any], key: str | None
) -> None:
    """``key`` None signs with the kind's own key; "absent" removes a header field."""
    header, own_key, issuer = KINDS[kind]
    changed = {**header, **changes}
    changed = {name: value for name, value in changed.items() if value != "absent"}
    payload = claims(DEV, NOW, issuer=issuer)
    signed_with = key or own_key
    if _accepted_claims(provider, sign(changed, payload, SIGNING_KEYS[signed_with])) is None:
        return
    assert (changed["alg"], changed.get("kid")) in SIGNED_BY[signed_with]
    assert changed.get("crit", ["b64"]) == ["b64"] and changed.get("b64") is not False
