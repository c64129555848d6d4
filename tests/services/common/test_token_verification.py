"""``verify_token`` on valid and tampered tokens (with a JWKS served on loopback): accepted
with the claims signed, expired, or invalid, as the table below says for each.

The table pins what the verification must refuse whatever library does it: algorithm
confusion (``none``, HS256 "signed" with a public key, a kid naming a key of another
algorithm), unknown critical headers, unknown key ids, expiry, issuer and audience.
"""

import json
import time
from base64 import urlsafe_b64decode
from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from services.common.settings import ServiceSettings
from tests.services.common.token_corpus import (
    EC_KEY,
    OTHER_EC_KEY,
    OTHER_RSA_KEY,
    PROVIDER,
    RSA_KEY,
    RSA_PUBLIC_PEM,
    b64,
    claims,
    encode_part,
    jwks,
    our_verdict,
    sign,
    sign_text,
)
from tests.services.voting.loopback import serve

SECRET = ServiceSettings().auth_secret
NOW = time.time()
DEV = ServiceSettings()
HS = {"alg": "HS256", "typ": "JWT"}
RS = {"alg": "RS256", "typ": "JWT", "kid": "rsa-1"}
ES = {"alg": "ES256", "typ": "JWT", "kid": "ec-1"}


def _dev(**extra: Any) -> dict[str, Any]:
    return claims(DEV, NOW, **extra)


def _idp(**extra: Any) -> dict[str, Any]:
    return claims(DEV, NOW, issuer=PROVIDER, **extra)


def _flip_last(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "Q")


def _swap_payload(token: str, payload: dict[str, Any]) -> str:
    header, _, sig = token.split(".")
    return f"{header}.{encode_part(payload)}.{sig}"


VALID_HS, VALID_RS, VALID_ES = (
    sign(HS, _dev(), SECRET),
    sign(RS, _idp(), RSA_KEY),
    sign(ES, _idp(), EC_KEY),
)
H, P, S = VALID_HS.split(".")
HUGE_CLAIM = "x" * 200_000


def _segment(text: str) -> bytes:
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _padded(segment: str) -> str:
    return segment + "=" * (-len(segment) % 4)


# Segments with their '=' padding (some issuers send it; PyJWT takes it, signed as written).
PADDED = f"{_padded(encode_part({'alg': 'HS256'}))}.{_padded(encode_part(_dev(x='ab')))}"
DUPLICATE_ALG = b64(b'{"alg":"HS256","alg":"none"}')  # JSON keeps the last

CORPUS: dict[str, str] = {
    "valid HS256": VALID_HS,
    "valid RS256": VALID_RS,
    "valid ES256": VALID_ES,
    "valid with aud list": sign(HS, _dev(aud=["other", "medborgarbudget"]), SECRET),
    "valid with crit b64 true": sign({**HS, "crit": ["b64"], "b64": True}, _dev(), SECRET),
    "valid exp as numeric string": sign(HS, _dev(exp=str(int(NOW) + 600)), SECRET),
    "valid exp as float": sign(HS, _dev(exp=NOW + 600.5), SECRET),
    "valid huge claim": sign(HS, _dev(bio=HUGE_CLAIM), SECRET),
    "valid padded segments": sign_text(PADDED, SECRET),
    "wrong secret": sign(HS, _dev(), "another-secret-of-sufficient-length-0123456789"),
    "other RSA key": sign(RS, _idp(), OTHER_RSA_KEY),
    "other EC key": sign(ES, _idp(), OTHER_EC_KEY),
    "flipped signature HS": _flip_last(VALID_HS),
    "flipped signature RS": _flip_last(VALID_RS),
    "flipped signature ES": _flip_last(VALID_ES),
    "payload swapped HS": _swap_payload(VALID_HS, _dev(roles=["system"])),
    "payload swapped RS": _swap_payload(VALID_RS, _idp(sub="someone-else")),
    "signature cut": VALID_HS.rsplit(".", 1)[0] + ".",
    "ES signature too short": VALID_ES[:-4],
    "alg none": sign({"alg": "none"}, _dev(), None),
    "alg None": sign({"alg": "None"}, _dev(), None),
    "alg none with kid": sign({"alg": "none", "kid": "rsa-1"}, _idp(), None),
    "alg missing": sign({"typ": "JWT"}, _dev(), SECRET),
    "alg empty": sign({"alg": ""}, _dev(), SECRET),
    "alg not a string": sign({"alg": ["HS256"]}, _dev(), SECRET),
    "alg HS512": jwt.encode(_dev(), SECRET + "-" * 40, algorithm="HS512"),
    "alg RS384": jwt.encode(_idp(), RSA_KEY, algorithm="RS384", headers={"kid": "rsa-1"}),
    "alg PS256": jwt.encode(_idp(), RSA_KEY, algorithm="PS256", headers={"kid": "rsa-1"}),
    "HS256 with public key PEM": sign({**HS, "kid": "rsa-1"}, _idp(), RSA_PUBLIC_PEM),
    "HS256 with public key PEM no kid": sign(HS, _idp(), RSA_PUBLIC_PEM),
    "RS256 header, HS256 signature": sign(RS, _idp(), SECRET),
    "RS256 kid of the EC key": sign({**RS, "kid": "ec-1"}, _idp(), RSA_KEY),
    "ES256 kid of the RSA key": sign({**ES, "kid": "rsa-1"}, _idp(), EC_KEY),
    "ES256 signed by RSA key": sign(ES, _idp(), RSA_KEY),
    "RS256 without kid": sign({"alg": "RS256"}, _idp(), RSA_KEY),
    "RS256 unknown kid": sign({**RS, "kid": "nobody"}, _idp(), RSA_KEY),
    "kid not a string": sign({**HS, "kid": 7}, _dev(), SECRET),
    "kid null": sign({**HS, "kid": None}, _dev(), SECRET),
    "crit unknown": sign({**HS, "crit": ["exp"]}, _dev(), SECRET),
    "crit empty": sign({**HS, "crit": []}, _dev(), SECRET),
    "crit b64 false": sign({**HS, "crit": ["b64"], "b64": False}, _dev(), SECRET),
    "duplicate alg, none last": sign_text(f"{DUPLICATE_ALG}.{encode_part(_dev())}", SECRET),
    "expired": sign(HS, _dev(exp=int(NOW) - 60), SECRET),
    "expired provider": sign(RS, _idp(exp=int(NOW) - 60), RSA_KEY),
    "expired and wrong audience": sign(HS, _dev(exp=int(NOW) - 60, aud="x"), SECRET),
    "expired and issued in the future": sign(
        HS, _dev(exp=int(NOW) - 60, iat=int(NOW) + 600), SECRET
    ),
    "not yet valid nbf": sign(HS, _dev(nbf=int(NOW) + 600), SECRET),
    "issued in the future": sign(HS, _dev(iat=int(NOW) + 600), SECRET),
    "exp not a number": sign(HS, _dev(exp="soon"), SECRET),
    "exp true": sign(HS, _dev(exp=True), SECRET),
    "exp a list": sign(HS, _dev(exp=[1]), SECRET),
    "iat not a number": sign(HS, _dev(iat="then"), SECRET),
    "wrong issuer": sign(HS, _dev(iss="someone"), SECRET),
    "issuer not a string": sign(HS, _dev(iss=["medborgarbudget-dev"]), SECRET),
    "provider token with dev issuer": sign(RS, _dev(), RSA_KEY),
    "dev token with provider issuer": sign(HS, _idp(), SECRET),
    "wrong audience": sign(HS, _dev(aud="another-service"), SECRET),
    "audience list without us": sign(HS, _dev(aud=["a", "b"]), SECRET),
    "audience list with a number": sign(HS, _dev(aud=["medborgarbudget", 1]), SECRET),
    "audience empty": sign(HS, _dev(aud=""), SECRET),
    "audience empty list": sign(HS, _dev(aud=[]), SECRET),
    "subject a number": sign(HS, _dev(sub=1990), SECRET),
    "jti a number": sign(HS, _dev(jti=5), SECRET),
    "missing sub": sign(HS, _dev(sub=None), SECRET),
    "missing exp": sign(HS, _dev(exp=None), SECRET),
    "missing iss": sign(HS, _dev(iss=None), SECRET),
    "missing aud": sign(HS, _dev(aud=None), SECRET),
    "header not an object": sign([HS], _dev(), SECRET),
    "header not JSON": sign(b"{alg", _dev(), SECRET),
    "payload not an object": sign(HS, [_dev()], SECRET),
    "payload not JSON": sign(HS, b"not json", SECRET),
    "bad base64 character": "!" + VALID_HS,
    "bad base64 in payload": VALID_HS.replace(".", ".*", 1),
    "segment of length 4n+1": f"{H}.{P}A.{S}",
    # A canonical last character of a 43-character segment is a multiple of 4; +1 is not.
    "non-canonical last character": f"{H}.{P}.{S[:-1]}{chr(ord(S[-1]) + 1)}",
    "three padding characters": f"{H}.{P}.{S}===",
    "extra dot": VALID_HS + ".",
    "extra segment": VALID_HS + "." + VALID_HS.split(".")[1],
    "two segments": VALID_HS.rsplit(".", 1)[0],
    "one segment": VALID_HS.split(".")[0],
    "empty": "",
    "only dots": "..",
    "whitespace inside": VALID_HS.replace(".", ". ", 1),
    "not ASCII": VALID_HS[:-1] + "å",
    "huge garbage": ".".join(["A" * 400_000] * 3),
    "huge unsigned": sign(HS, _dev(bio=HUGE_CLAIM), "not-the-secret"),
}


ACCEPTED = {
    "valid HS256",
    "valid RS256",
    "valid ES256",
    "valid with aud list",
    "valid with crit b64 true",
    "valid exp as numeric string",
    "valid exp as float",
    "valid huge claim",
    "valid padded segments",
}
# "exp true" reads as 1 (1970): long expired, as Python's int(True) has it.
EXPIRED = {"expired", "expired provider", "expired and wrong audience", "exp true"}


@pytest.fixture(scope="module")
def settings() -> Iterator[ServiceSettings]:
    with serve({"/jwks.json": lambda _body: (200, jwks())}) as url:
        yield ServiceSettings(auth_jwks_url=f"{url}/jwks.json", auth_jwks_issuer=PROVIDER)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_token_gets_its_verdict(settings: ServiceSettings, name: str) -> None:
    verdict, verified = our_verdict(settings, CORPUS[name])
    expected = "ok" if name in ACCEPTED else "expired" if name in EXPIRED else "invalid"
    assert verdict == expected
    if verified is not None:  # the claims are the ones signed, nothing dropped or added
        assert verified == json.loads(_segment(CORPUS[name].split(".")[1]))


def test_the_table_names_only_tokens_of_the_corpus() -> None:
    assert set(CORPUS) >= ACCEPTED | EXPIRED
