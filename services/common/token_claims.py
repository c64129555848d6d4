"""The claims of a verified token, checked as ``jwt.decode`` checks them (same order, so the
same token gets the same answer: "expired" only when nothing checked before ``exp`` failed).

Order: required claims present (not null), ``iat`` and ``nbf`` not in the future, ``exp``
not passed (all three must be integers or integer-like, as PyJWT's ``int()`` takes them, and
get ``leeway`` seconds of slack), then ``iss`` equal to the issuer, ``aud`` naming the
audience (a string or a list of strings), ``sub`` and ``jti`` strings when present.
"""

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.jws import ExpiredToken, InvalidToken


@dataclass(frozen=True, slots=True)
class ClaimRules:
    issuer: str
    audience: str
    required: tuple[str, ...] = ("sub", "exp", "iss", "aud")
    leeway: float = 0.0


def _seconds(claims: Mapping[str, Any], name: str) -> int:
    try:
        return int(claims[name])
    except (ValueError, TypeError, OverflowError):
        raise InvalidToken(f"{name} is not a number of seconds") from None


def check_claims(claims: Mapping[str, Any], rules: ClaimRules, now: float | None = None) -> None:
    """Raises :class:`InvalidToken` (:class:`ExpiredToken` for a passed ``exp``) or returns."""
    for name in rules.required:
        if claims.get(name) is None:
            raise InvalidToken(f"claim {name} is missing")
    now = time.time() if now is None else now
    for name in ("iat", "nbf"):
        if name in claims and _seconds(claims, name) > now + rules.leeway:
            raise InvalidToken(f"the token is not valid yet ({name})")
    if "exp" in claims and _seconds(claims, "exp") <= now - rules.leeway:
        raise ExpiredToken("the token has expired")
    issuer = claims.get("iss")
    if "iss" not in claims or not isinstance(issuer, str) or issuer != rules.issuer:
        raise InvalidToken("wrong issuer")
    _check_audience(claims.get("aud"), rules.audience)
    for name in ("sub", "jti"):
        if name in claims and not isinstance(claims[name], str):
            raise InvalidToken(f"claim {name} is not a string")


def _check_audience(audience: Any, expected: str) -> None:
    if not audience:
        raise InvalidToken("claim aud is missing")
    named = [audience] if isinstance(audience, str) else audience
    if not isinstance(named, list) or not all(isinstance(a, str) for a in named):
        raise InvalidToken("claim aud is neither a string nor a list of strings")
    if expected not in named:
        raise InvalidToken("wrong audience")
