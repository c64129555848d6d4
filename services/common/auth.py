"""Who is calling: bearer tokens (JWT) verified against the configured secret and issuer.

People sign in through the kommun's identity provider; locally a dev issuer signs tokens with
``MB_AUTH_SECRET`` (``medborgarbudget token`` mints them). The workflow's activities call with
the ``system`` role. Routes declare the roles they accept with :func:`require_roles`.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel

from services.common.errors import Problem
from services.common.settings import PlatformSettings


class Role(StrEnum):
    RESIDENT = "resident"
    COMPANY = "company"
    OFFICIAL = "official"
    ASSESSOR = "assessor"
    COUNCIL_SECRETARY = "council_secretary"
    OPERATIONS = "operations"
    SYSTEM = "system"


class Principal(BaseModel):
    """The verified caller. ``subject`` is an identity and must never be stored in clear."""

    subject: str
    name: str = ""
    roles: frozenset[Role] = frozenset()


def issue_token(
    settings: PlatformSettings,
    subject: str,
    roles: list[Role] | list[str],
    *,
    name: str = "",
    ttl: timedelta = timedelta(hours=1),
) -> str:
    """Sign a token with the dev issuer (tests, the CLI and the worker's service identity)."""
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "name": name,
        "roles": [str(r) for r in roles],
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, settings.auth_secret, algorithm="HS256")


def verify_token(settings: PlatformSettings, token: str) -> Principal:
    try:
        claims = jwt.decode(
            token,
            settings.auth_secret,
            algorithms=["HS256"],
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            options={"require": ["sub", "exp", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise _unauthorized("Inloggningen har gått ut. Logga in igen.") from exc
    except jwt.PyJWTError as exc:
        raise _unauthorized("Ogiltig inloggning.") from exc
    known = {r.value for r in Role}
    roles = frozenset(Role(r) for r in claims.get("roles", []) if r in known)
    return Principal(subject=str(claims["sub"]), name=str(claims.get("name", "")), roles=roles)


def _unauthorized(detail: str) -> Problem:
    return Problem(401, detail, code="unauthorized", headers={"WWW-Authenticate": "Bearer"})


def current_principal(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Inloggning krävs (Authorization: Bearer <token>).")
    settings: PlatformSettings = request.app.state.settings
    return verify_token(settings, token.strip())


def require_roles(*roles: Role) -> Callable[[Request], Principal]:
    """Dependency factory: the caller must hold at least one of ``roles``."""
    allowed = frozenset(roles)

    def dependency(
        principal: Annotated[Principal, Depends(current_principal)],
    ) -> Principal:
        if not principal.roles & allowed:
            wanted = ", ".join(sorted(r.value for r in allowed))
            raise Problem(403, f"Kräver någon av rollerna: {wanted}.", code="forbidden")
        return principal

    return dependency  # type: ignore[return-value]
