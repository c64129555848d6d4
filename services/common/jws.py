"""A small, strict verifier for compact JWS tokens (the signed JWTs residents bring).

PyJWT re-prepares and re-checks its key and walks each segment character by character on
every call; casting a ballot verifies a new token each time, so that was most of a cast's CPU.
Here a key is prepared once (:class:`VerifyingKey`, bound to ONE algorithm) and a token is
checked in three steps:

1. :func:`parse` splits exactly three base64url segments (strict: alphabet, padding and
   canonical trailing bits as PyJWT checks them) and reads the header, a JSON object whose
   ``alg`` is a string and whose ``kid``/``crit`` are well formed;
2. :func:`verified_payload` refuses a token whose ``alg`` is not the key's own algorithm
   (so ``none`` and HS/RS confusion never reach a signature check), verifies the signature,
   and only then decodes the claims (a JSON object);
3. :mod:`services.common.token_claims` checks the claims.

What it accepts is what ``jwt.decode`` accepts with the same key and algorithm (the tests
compare both on valid and tampered tokens); every refusal is an :class:`InvalidToken`.
"""

import binascii
import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from pydantic_core import from_json

from services.common.fast_hmac import PreparedHmac


class InvalidToken(Exception):
    """The token is malformed, wrongly signed, or its claims are not acceptable."""


class ExpiredToken(InvalidToken):
    """The token was valid but its ``exp`` has passed."""


_SEGMENT = re.compile(r"[A-Za-z0-9_-]*(?:={1,2})?")
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_SIXBITS = {c: i for i, c in enumerate(_ALPHABET)}
_TO_STANDARD = bytes.maketrans(b"-_", b"+/")
_PAD = {0: b"", 2: b"==", 3: b"="}
# Extensions a token may mark critical: only "b64" (RFC 7797), and only with its default value.
_SUPPORTED_CRIT = frozenset({"b64"})


def decode_segment(segment: str) -> bytes:
    """One base64url segment's bytes; refuses what PyJWT refuses (stray characters, more than
    two or misplaced ``=``, a length of 4n+1, non-zero unused bits in the last character)."""
    if not _SEGMENT.fullmatch(segment):
        raise InvalidToken("segment is not base64url")
    stripped = segment.rstrip("=")
    if stripped != segment and len(segment) % 4:
        raise InvalidToken("misplaced base64url padding")
    rest = len(stripped) % 4
    if rest == 1:
        raise InvalidToken("truncated base64url segment")
    if rest and _SIXBITS[stripped[-1]] & (0x0F if rest == 2 else 0x03):
        raise InvalidToken("non-canonical base64url segment")
    return binascii.a2b_base64(stripped.encode().translate(_TO_STANDARD) + _PAD[rest])


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    """``json.loads``' reading of ``data``: by pydantic-core's parser (a fifth of the time)
    where it reads the text, else by ``json.loads`` itself. Where both read a text they give
    the same value; pydantic-core refuses some texts ``json.loads`` takes (another encoding
    than UTF-8, a BOM, lone surrogates), and those take the slow way, so that what PyJWT
    accepts is still accepted."""
    try:
        value = from_json(data)
    except ValueError:
        try:
            value = json.loads(data)
        except (ValueError, RecursionError) as exc:
            raise InvalidToken(f"{what} is not JSON") from exc
    if not isinstance(value, dict):
        raise InvalidToken(f"{what} is not a JSON object")
    return value


@dataclass(slots=True)  # not frozen: one is built per request, and frozen ones build slowly
class CompactJws:
    """A token split and its header read; nothing about it is trusted yet."""

    header: dict[str, Any]
    alg: str
    kid: str | None
    signing_input: bytes
    payload_segment: str
    signature: bytes


def parse(token: str) -> CompactJws:
    """The token's parts; :class:`InvalidToken` for anything but ``header.payload.signature``."""
    parts = token.split(".")
    if len(parts) != 3 or not token.isascii():
        raise InvalidToken("a compact JWS has exactly three segments")
    header_segment, payload_segment, signature_segment = parts
    header, alg, kid = _read_header(header_segment)
    signature = decode_segment(signature_segment)
    signing_input = token[: len(header_segment) + 1 + len(payload_segment)].encode("ascii")
    return CompactJws(header, alg, kid, signing_input, payload_segment, signature)


# Header segments read before: one issuer signs every token with the same header, so a cast
# need not decode it again. Only headers that passed the checks are kept; a flood of
# distinct ones just empties the cache now and then.
_HEADERS: dict[str, tuple[dict[str, Any], str, str | None]] = {}
_HEADERS_KEPT = 64


def _read_header(segment: str) -> tuple[dict[str, Any], str, str | None]:
    known = _HEADERS.get(segment)
    if known is not None:
        return known
    header = _json_object(decode_segment(segment), "header")
    alg, kid = header.get("alg"), header.get("kid")
    if not isinstance(alg, str) or not alg:
        raise InvalidToken("header without an algorithm")
    if "kid" in header and not isinstance(kid, str):
        raise InvalidToken("key id is not a string")
    if "crit" in header:
        _check_crit(header)
    if header.get("b64", True) is False:  # an unencoded, detached payload: never ours
        raise InvalidToken("detached payloads are not accepted")
    if len(_HEADERS) >= _HEADERS_KEPT:
        _HEADERS.clear()
    _HEADERS[segment] = (header, alg, kid)
    return header, alg, kid


def _check_crit(header: dict[str, Any]) -> None:
    crit = header["crit"]
    if not isinstance(crit, list) or not crit:
        raise InvalidToken("crit must be a non-empty list")
    for name in crit:
        if not isinstance(name, str) or name not in _SUPPORTED_CRIT or name not in header:
            raise InvalidToken("unsupported critical header")


class VerifyingKey:
    """A key prepared once to verify signatures of exactly one algorithm."""

    algorithm: str

    def verify(self, signing_input: bytes, signature: bytes) -> bool:
        raise NotImplementedError


class HmacKey(VerifyingKey):
    algorithm = "HS256"

    def __init__(self, secret: bytes) -> None:
        self._mac = PreparedHmac(secret)

    def verify(self, signing_input: bytes, signature: bytes) -> bool:
        return hmac.compare_digest(self._mac.digest(signing_input), signature)


class RsaKey(VerifyingKey):
    algorithm = "RS256"
    _padding = padding.PKCS1v15()
    _hash = hashes.SHA256()

    def __init__(self, public_key: rsa.RSAPublicKey) -> None:
        self._key = public_key

    def verify(self, signing_input: bytes, signature: bytes) -> bool:
        try:
            self._key.verify(signature, signing_input, self._padding, self._hash)
        except (InvalidSignature, ValueError):
            return False
        return True


class EcKey(VerifyingKey):
    """ES256: a P-256 public key; the token carries ``r || s`` (32 bytes each), not DER."""

    algorithm = "ES256"
    _ecdsa = ec.ECDSA(hashes.SHA256())

    def __init__(self, public_key: ec.EllipticCurvePublicKey) -> None:
        if not isinstance(public_key.curve, ec.SECP256R1):
            raise ValueError("ES256 needs a P-256 key")
        self._key = public_key

    def verify(self, signing_input: bytes, signature: bytes) -> bool:
        if len(signature) != 64:
            return False
        r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        try:
            self._key.verify(encode_dss_signature(r, s), signing_input, self._ecdsa)
        except (InvalidSignature, ValueError):
            return False
        return True


def verified_payload(jws: CompactJws, key: VerifyingKey) -> dict[str, Any]:
    """The claims, once the signature is checked with ``key`` for the key's own algorithm."""
    if jws.alg != key.algorithm:
        raise InvalidToken("the token's algorithm is not the key's")
    if not key.verify(jws.signing_input, jws.signature):
        raise InvalidToken("signature verification failed")
    return _json_object(decode_segment(jws.payload_segment), "payload")
