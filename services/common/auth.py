"""Who is calling: bearer tokens (JWT) verified by PyJWT against the configured secret and issuer.

People sign in through the kommun's identity provider (OIDC: RS256 or ES256 tokens checked
against its JWKS at ``MB_AUTH_JWKS_URL``); in development mode a dev issuer signs HS256 tokens
with the published development secret (``medborgarbudget token`` mints them). Both work side by
side: the workflow's activities call with the ``system`` role on a token signed with
``MB_AUTH_SECRET``. Routes declare the roles they accept with :func:`require_roles`, official
actions also the round's kommun (services/common/kommun_access.py).
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from fastapi import Request
from starlette.concurrency import run_in_threadpool

from services.common.errors import Problem
from services.common.principal import KOMMUN_BOUND, Principal, Role
from services.common.provider_keys import (
    PROVIDER_ALGORITHMS,
    cached_key,
    fetched_key,
    jwks_client,
)
from services.common.settings import PlatformSettings
from services.common.verified_tokens import VerifiedTokens

__all__ = [
    "KOMMUN_BOUND",
    "Principal",
    "Role",
    "VerifiedTokens",
    "authenticate",
    "authorization_header",
    "bearer_token",
    "check_kommun",
    "check_roles",
    "issue_token",
    "require_roles",
    "verify_token",
]


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


# Identity providers sign with a private key; the secret only ever signs HS256. A token is
# verified for exactly one algorithm, the one its key is for, so a token "signed" with a public
# key never poses as a secret-signed one, and ``none`` never verifies.
SECRET_ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "exp", "iss", "aud"]
_ROLE_NAMES = frozenset(r.value for r in Role)


@dataclass(frozen=True, slots=True)
class _Signer:
    """The key a token must have been signed with, its one algorithm and the issuer."""

    key: Any
    algorithm: str
    issuer: str


def _invalid() -> Problem:
    return _unauthorized("Ogiltig inloggning.")


# Headers read before, by their segment: one issuer's tokens all share a few, and reading one
# again parses the whole token; PyJWT's full check of the token still follows every time.
_HEADERS: dict[str, dict[str, Any]] = {}
_MAX_HEADERS = 64


def _header(token: str) -> dict[str, Any]:
    segment = token.partition(".")[0]
    header = _HEADERS.get(segment)
    if header is not None:
        return header
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise _invalid() from exc
    if len(_HEADERS) >= _MAX_HEADERS:  # made-up headers cannot grow it without bound
        _HEADERS.clear()
    _HEADERS[segment] = header
    return header


def _signer(settings: PlatformSettings, header: dict[str, Any], fetch: bool) -> _Signer | None:
    """Who must have signed a token with this header; ``None`` only when ``fetch`` is false and
    the provider's key set is not at hand (fetching it blocks: not on the event loop)."""
    alg, kid = header.get("alg"), header.get("kid")
    if alg == SECRET_ALGORITHM:
        return _Signer(settings.auth_secret, alg, settings.auth_issuer)
    if alg not in PROVIDER_ALGORITHMS or not settings.auth_jwks_url or not isinstance(kid, str):
        raise _invalid()
    client = jwks_client(settings.auth_jwks_url)
    try:
        jwk = fetched_key(client, kid) if fetch else cached_key(client, kid)
    except jwt.PyJWKClientConnectionError as exc:
        raise Problem(
            503,
            "Inloggningstjänsten svarar inte just nu. Försök igen om en stund.",
            code="identity-provider-unavailable",
            headers={"Retry-After": "5"},
        ) from exc
    except jwt.PyJWTError as exc:  # an unknown key id, a key set without usable keys
        raise _invalid() from exc
    if jwk is None:
        return None
    if jwk.algorithm_name != alg:  # an RSA key verifies no ES256 token, one marked RS384 no RS256
        raise _invalid()
    return _Signer(jwk.key, alg, settings.auth_jwks_issuer or settings.auth_issuer)


def _principal(settings: PlatformSettings, token: str, signer: _Signer) -> Principal:
    try:
        claims = jwt.decode(
            token,
            signer.key,
            algorithms=[signer.algorithm],
            issuer=signer.issuer,
            audience=settings.auth_audience,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise _unauthorized("Inloggningen har gått ut. Logga in igen.") from exc
    except jwt.PyJWTError as exc:
        raise _invalid() from exc
    return Principal(str(claims["sub"]), str(claims.get("name", "")), _roles(claims), claims)


def _roles(claims: dict[str, Any]) -> frozenset[Role]:
    """The roles a ``roles`` claim names; unknown names and anything but a list of names: none."""
    listed = claims.get("roles")
    if not isinstance(listed, list):
        return frozenset()
    return frozenset(Role(r) for r in listed if isinstance(r, str) and r in _ROLE_NAMES)


def verify_token(settings: PlatformSettings, token: str) -> Principal:
    """The caller a token names, or a 401 (a 503 when the provider's keys cannot be fetched).

    May fetch the provider's JWKS: call it off the event loop (``authenticate`` does).
    """
    signer = _signer(settings, _header(token), fetch=True)
    assert signer is not None  # fetch=True returns a key or raises
    return _principal(settings, token, signer)


def _unauthorized(detail: str) -> Problem:
    return Problem(401, detail, code="unauthorized", headers={"WWW-Authenticate": "Bearer"})


async def authenticate(
    settings: PlatformSettings, header: str, cache: VerifiedTokens | None = None
) -> Principal:
    """The caller behind an ``Authorization`` header value, or a 401.

    Verification runs on the event loop; only fetching a provider's key set (the first token
    with a new ``kid``, then every few minutes) goes to a worker thread.
    """
    token = bearer_token(header)
    principal = cache.get(token) if cache is not None else None
    if principal is not None:
        return principal
    unverified = _header(token)
    signer = _signer(settings, unverified, fetch=False)
    if signer is None:
        signer = await run_in_threadpool(_signer, settings, unverified, True)
        assert signer is not None
    principal = _principal(settings, token, signer)
    if cache is not None:
        cache.put(token, principal)
    return principal


def bearer_token(header: str) -> str:
    """The token of an ``Authorization: Bearer <token>`` value, or a 401."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Inloggning krävs (Authorization: Bearer <token>).")
    return token.strip()


def authorization_header(values: list[str]) -> str:
    """The one ``Authorization`` value of a request; two or more are refused (400), since which
    one counts would otherwise depend on who reads the headers."""
    if len(values) > 1:
        raise Problem(
            400,
            "Begäran har flera Authorization-huvuden; skicka ett.",
            code="duplicate-authorization",
        )
    return values[0] if values else ""


async def current_principal(request: Request) -> Principal:
    """The caller; verified tokens are remembered in ``app.state.verified_tokens`` if set."""
    cache: VerifiedTokens | None = getattr(request.app.state, "verified_tokens", None)
    header = authorization_header(request.headers.getlist("authorization"))
    return await authenticate(request.app.state.settings, header, cache)


def check_roles(principal: Principal, allowed: frozenset[Role]) -> Principal:
    """The caller must hold at least one of ``allowed``, else a 403."""
    if not principal.roles & allowed:
        wanted = ", ".join(sorted(r.value for r in allowed))
        raise Problem(403, f"Kräver någon av rollerna: {wanted}.", code="forbidden")
    return principal


def require_roles(*roles: Role) -> Callable[[Request], Awaitable[Principal]]:
    """Dependency factory: the caller must hold at least one of ``roles``.

    It reads the request itself rather than depend on :func:`current_principal`: each layer of
    dependencies costs every request the framework's solving (a cast pays it thousands of times
    a second); a second reading of the same token in a request is a cache hit.
    """
    allowed = frozenset(roles)

    async def dependency(request: Request) -> Principal:
        return check_roles(await current_principal(request), allowed)

    return dependency


def same_kommun(a: str, b: str) -> bool:
    """Kommun names as identity providers and configs write them: case and spaces aside."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def check_kommun(principal: Principal, kommun: str) -> None:
    """An official may act only in rounds of the kommun their token names, else a 403.

    The workflow (``system``) and the hosting organisation's staff (``hosting``) act across
    kommuner; every other caller of an official action needs a matching ``kommun`` claim.
    """
    if principal.roles & {Role.SYSTEM, Role.HOSTING}:
        return
    claimed = principal.claims.get("kommun")
    if isinstance(claimed, str) and same_kommun(claimed, kommun):
        return
    raise Problem(
        403,
        f"Din inloggning gäller en annan kommun än omgångens ({kommun}).",
        code="other-kommun",
    )
