"""Keys and a raw token signer for the token verification's tests.

``sign`` writes any header and payload and signs them with any key, whatever the header says,
so tests can build tokens no honest issuer would (alg none, HS256 "signed" with a public key,
a kid naming another key). ``our_verdict`` is what ``verify_token`` answers, as one word.
"""

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from services.common.auth import verify_token
from services.common.errors import Problem
from services.common.settings import PlatformSettings

PROVIDER = "https://login.example.se"
AUDIENCE = "medborgarbudget"
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_EC_KEY = ec.generate_private_key(ec.SECP256R1())
PUBLIC_KEYS: dict[str, Any] = {"rsa-1": RSA_KEY.public_key(), "ec-1": EC_KEY.public_key()}
RSA_PUBLIC_PEM = RSA_KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)

Verdict = tuple[Literal["ok", "expired", "invalid"], dict[str, Any] | None]
SigningKey = bytes | str | rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | None


def jwks() -> dict[str, Any]:
    rsa_jwk = jwt.algorithms.RSAAlgorithm.to_jwk(RSA_KEY.public_key(), as_dict=True)
    ec_jwk = jwt.algorithms.ECAlgorithm.to_jwk(EC_KEY.public_key(), as_dict=True)
    return {
        "keys": [
            {**rsa_jwk, "kid": "rsa-1", "use": "sig", "alg": "RS256"},
            {**ec_jwk, "kid": "ec-1", "use": "sig", "alg": "ES256"},
        ]
    }


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def encode_part(part: Any) -> str:
    return b64(part if isinstance(part, bytes) else json.dumps(part).encode())


def signature(signing_input: bytes, key: SigningKey) -> bytes:
    """HS256 for a secret, RS256 for an RSA key, ES256 (raw r||s) for a P-256 key."""
    if key is None:
        return b""
    if isinstance(key, str | bytes):
        secret = key.encode() if isinstance(key, str) else key
        return hmac.new(secret, signing_input, hashlib.sha256).digest()
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def sign(header: Any, payload: Any, key: SigningKey) -> str:
    """A compact token over any header and payload (JSON values, or raw bytes)."""
    signed = f"{encode_part(header)}.{encode_part(payload)}"
    return f"{signed}.{b64(signature(signed.encode(), key))}"


def sign_text(signed: str, key: SigningKey) -> str:
    """``signed`` (``header.payload`` as written, padding and all) with its signature."""
    return f"{signed}.{b64(signature(signed.encode(), key))}"


def claims(
    settings: PlatformSettings, now: float, issuer: str = "", **extra: Any
) -> dict[str, Any]:
    """Valid claims for ``issuer`` (the dev issuer by default); ``None`` drops a claim."""
    base = {
        "sub": "199001011234",
        "roles": ["resident"],
        "iss": issuer or settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": int(now) - 5,
        "exp": int(now + timedelta(minutes=10).total_seconds()),
    }
    merged = {**base, **extra}
    return {name: value for name, value in merged.items() if value is not None}


def our_verdict(settings: PlatformSettings, token: str) -> Verdict:
    try:
        principal = verify_token(settings, token)
    except Problem as refused:
        assert refused.status == 401, refused
        assert refused.headers == {"WWW-Authenticate": "Bearer"}
        return ("expired" if "gått ut" in refused.detail else "invalid"), None
    return "ok", principal.claims
