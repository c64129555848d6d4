"""Random tokens (hypothesis): the verifier and PyJWT give the same verdict on every one.

Three kinds: valid tokens with one character changed, dropped or added; random claims (values
of every JSON type, times around now) signed with the secret; and random headers (alg, kid,
crit, b64) signed with whichever key, so alg/key mismatches come up on their own.
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
    pyjwt_verdict,
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


def _same(provider: ServiceSettings, token: str) -> None:
    assert our_verdict(provider, token) == pyjwt_verdict(provider, token)


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
    _same(provider, changed)


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
    _same(provider, sign({"alg": "HS256"}, payload, SECRET))


# Each valid kind of token: its header, its signing key, its issuer.
KINDS: dict[str, tuple[dict[str, Any], str, str]] = {
    "HS256": ({"alg": "HS256"}, "secret", ""),
    "RS256": ({"alg": "RS256", "kid": "rsa-1"}, "rsa", PROVIDER),
    "ES256": ({"alg": "ES256", "kid": "ec-1"}, "ec", PROVIDER),
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
    _same(provider, sign(changed, payload, SIGNING_KEYS[key or own_key]))
