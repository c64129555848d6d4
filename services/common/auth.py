"""Who is calling: bearer tokens (JWT) verified against the configured secret and issuer.

People sign in through the kommun's identity provider (OIDC: RS256 or ES256 tokens checked
against its JWKS at ``MB_AUTH_JWKS_URL``); locally a dev issuer signs HS256 tokens with
``MB_AUTH_SECRET`` (``medborgarbudget token`` mints them). Both work side by side: the
workflow's activities call with the ``system`` role on a secret-signed token. Routes declare the
roles they accept with :func:`require_roles`.
"""

import base64
import binascii
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

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
    # Every verified claim (birth date, kommun, organisationsnummer...): identity data as well.
    claims: dict[str, Any] = {}


def issue_token(
    settings: PlatformSettings,
    subject: str,
    roles: list[Role] | list[str],
    *,
    name: str = "",
    ttl: timedelta = timedelta(hours=1),
    claims: Mapping[str, Any] | None = None,
) -> str:
    """Sign a token with the dev issuer (tests, the CLI and the worker's service identity).

    ``claims`` adds what an identity provider would assert, e.g. ``{"birthdate": "1990-01-01"}``.
    """
    now = datetime.now(UTC)
    claims = {
        **(claims or {}),
        "sub": subject,
        "name": name,
        "roles": [str(r) for r in roles],
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, settings.auth_secret, algorithm="HS256")


# Identity providers sign with a private key; the secret only ever signs HS256. Keeping the two
# lists apart is what stops a token "signed" with a public key posing as a secret-signed one.
SECRET_ALGORITHMS = ["HS256"]
PROVIDER_ALGORITHMS = ["RS256", "ES256"]


@lru_cache(maxsize=8)
def _jwks_client(url: str) -> jwt.PyJWKClient:
    """One client per JWKS URL: it caches the provider's keys and refetches on an unknown kid."""
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=5)


def _algorithm(token: str) -> object:
    """The algorithm the token claims: it says which key to verify with.

    Only the header segment is decoded here (verification decodes and checks the whole token
    once); anything that is not a JSON object there yields ``None`` and fails verification.
    """
    segment = token.partition(".")[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, binascii.Error, RecursionError):
        return None
    return header.get("alg") if isinstance(header, dict) else None


def _key_and_issuer(
    settings: PlatformSettings, token: str, algorithm: object
) -> tuple[Any, list[str], str]:
    if algorithm in SECRET_ALGORITHMS:
        return settings.auth_secret, SECRET_ALGORITHMS, settings.auth_issuer
    if not settings.auth_jwks_url:
        raise jwt.InvalidAlgorithmError("no identity provider is configured")
    try:
        key = _jwks_client(settings.auth_jwks_url).get_signing_key_from_jwt(token).key
    except jwt.PyJWKClientConnectionError as exc:
        raise Problem(
            503,
            "Inloggningstjänsten svarar inte just nu. Försök igen om en stund.",
            code="identity-provider-unavailable",
            headers={"Retry-After": "5"},
        ) from exc
    return key, PROVIDER_ALGORITHMS, settings.auth_jwks_issuer or settings.auth_issuer


def verify_token(settings: PlatformSettings, token: str) -> Principal:
    return _verify(settings, token, _algorithm(token))


def _verify(settings: PlatformSettings, token: str, algorithm: object) -> Principal:
    try:
        key, algorithms, issuer = _key_and_issuer(settings, token, algorithm)
        claims = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            issuer=issuer,
            audience=settings.auth_audience,
            options={"require": ["sub", "exp", "iss", "aud"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise _unauthorized("Inloggningen har gått ut. Logga in igen.") from exc
    except jwt.PyJWTError as exc:
        raise _unauthorized("Ogiltig inloggning.") from exc
    known = {r.value for r in Role}
    roles = frozenset(Role(r) for r in claims.get("roles", []) if r in known)
    return Principal(
        subject=str(claims["sub"]), name=str(claims.get("name", "")), roles=roles, claims=claims
    )


def _unauthorized(detail: str) -> Problem:
    return Problem(401, detail, code="unauthorized", headers={"WWW-Authenticate": "Bearer"})


class VerifiedTokens:
    """Tokens verified before, with their caller, until they expire (least recently used go).

    A resident's session sends one token with every request; verifying it once per process is
    enough, since a token cannot change and its expiry is checked on every hit. Only tokens
    that passed verification are kept, keyed by the whole token string.
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._entries: OrderedDict[str, tuple[float, Principal]] = OrderedDict()

    def get(self, token: str) -> Principal | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        expires, principal = entry
        if time.time() >= expires:  # expired now: verification refuses it with its message
            del self._entries[token]
            return None
        self._entries.move_to_end(token)
        return principal

    def put(self, token: str, principal: Principal) -> None:
        self._entries[token] = (float(principal.claims["exp"]), principal)
        self._entries.move_to_end(token)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)


async def authenticate(
    settings: PlatformSettings, header: str, cache: VerifiedTokens | None = None
) -> Principal:
    """The caller behind an ``Authorization`` header value, or a 401.

    A secret-signed token costs microseconds and is checked on the event loop; a provider's
    token may need its JWKS fetched, so it is checked in a worker thread.
    """
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Inloggning krävs (Authorization: Bearer <token>).")
    token = token.strip()
    principal = cache.get(token) if cache is not None else None
    if principal is not None:
        return principal
    algorithm = _algorithm(token)
    if algorithm in SECRET_ALGORITHMS:
        principal = _verify(settings, token, algorithm)
    else:
        principal = await run_in_threadpool(_verify, settings, token, algorithm)
    if cache is not None:
        cache.put(token, principal)
    return principal


async def current_principal(request: Request) -> Principal:
    """The caller; verified tokens are remembered in ``app.state.verified_tokens`` if set."""
    cache: VerifiedTokens | None = getattr(request.app.state, "verified_tokens", None)
    header = request.headers.get("authorization", "")
    return await authenticate(request.app.state.settings, header, cache)


def check_roles(principal: Principal, allowed: frozenset[Role]) -> Principal:
    """The caller must hold at least one of ``allowed``, else a 403."""
    if not principal.roles & allowed:
        wanted = ", ".join(sorted(r.value for r in allowed))
        raise Problem(403, f"Kräver någon av rollerna: {wanted}.", code="forbidden")
    return principal


def require_roles(*roles: Role) -> Callable[[Request], Awaitable[Principal]]:
    """Dependency factory: the caller must hold at least one of ``roles``."""
    allowed = frozenset(roles)

    async def dependency(
        principal: Annotated[Principal, Depends(current_principal)],
    ) -> Principal:
        return check_roles(principal, allowed)

    return dependency  # type: ignore[return-value]
