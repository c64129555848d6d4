"""Who is calling: bearer tokens (JWT) verified against the configured secret and issuer.

People sign in through the kommun's identity provider (OIDC: RS256 or ES256 tokens checked
against its JWKS at ``MB_AUTH_JWKS_URL``); locally a dev issuer signs HS256 tokens with
``MB_AUTH_SECRET`` (``medborgarbudget token`` mints them). Both work side by side: the
workflow's activities call with the ``system`` role on a secret-signed token. Routes declare the
roles they accept with :func:`require_roles`.
"""

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from jwt.algorithms import HMACAlgorithm
from starlette.concurrency import run_in_threadpool

from services.common.errors import Problem
from services.common.jws import (
    CompactJws,
    ExpiredToken,
    HmacKey,
    InvalidToken,
    VerifyingKey,
    parse,
    verified_payload,
)
from services.common.provider_keys import PROVIDER_ALGORITHMS, provider_keys
from services.common.settings import PlatformSettings
from services.common.token_claims import ClaimRules, check_claims


class Role(StrEnum):
    RESIDENT = "resident"
    COMPANY = "company"
    OFFICIAL = "official"
    ASSESSOR = "assessor"
    COUNCIL_SECRETARY = "council_secretary"
    OPERATIONS = "operations"
    # The hosting organisation's operations staff: the one person role across kommuner.
    HOSTING = "hosting"
    SYSTEM = "system"


# Roles that act for one kommun only: their token's ``kommun`` claim must name the round's.
KOMMUN_BOUND = frozenset({Role.OFFICIAL, Role.ASSESSOR, Role.COUNCIL_SECRETARY, Role.OPERATIONS})


@dataclass(frozen=True, slots=True)
class Principal:
    """The verified caller. ``subject`` is an identity and must never be stored in clear (nor
    shown: it is left out of the repr, with the claims).

    A plain dataclass, not a model: one is built per request from values already checked.
    """

    subject: str = field(repr=False)
    name: str = ""
    roles: frozenset[Role] = frozenset()
    # Every verified claim (birth date, kommun, organisationsnummer...): identity data as well.
    claims: dict[str, Any] = field(default_factory=dict, repr=False)


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
# lists apart is what stops a token "signed" with a public key posing as a secret-signed one:
# each prepared key verifies exactly one algorithm (services.common.jws).
SECRET_ALGORITHMS = ("HS256",)
_ROLE_NAMES = frozenset(r.value for r in Role)


@lru_cache(maxsize=8)
def _secret_key(secret: str) -> HmacKey:
    """The dev issuer's key, prepared once; PyJWT's own check refuses a PEM or SSH key here."""
    return HmacKey(HMACAlgorithm(HMACAlgorithm.SHA256).prepare_key(secret))


def _parse(token: str) -> CompactJws:
    try:
        return parse(token)
    except InvalidToken as exc:
        raise _unauthorized("Ogiltig inloggning.") from exc


def _key_and_issuer(
    settings: PlatformSettings, jws: CompactJws, *, fetch: bool
) -> tuple[VerifyingKey, str] | None:
    """The key that must have signed ``jws`` and the issuer it speaks for; ``None`` only when
    ``fetch`` is false and the provider's key is not at hand yet."""
    try:
        if jws.alg in SECRET_ALGORITHMS:
            return _secret_key(settings.auth_secret), settings.auth_issuer
        if jws.alg not in PROVIDER_ALGORITHMS or not settings.auth_jwks_url or jws.kid is None:
            raise InvalidToken("no key for this algorithm")
        keys = provider_keys(settings.auth_jwks_url)
        key = keys.fetch(jws.kid, jws.alg) if fetch else keys.cached(jws.kid, jws.alg)
    except (InvalidToken, jwt.InvalidKeyError) as exc:
        raise _unauthorized("Ogiltig inloggning.") from exc
    except jwt.PyJWKClientConnectionError as exc:
        raise Problem(
            503,
            "Inloggningstjänsten svarar inte just nu. Försök igen om en stund.",
            code="identity-provider-unavailable",
            headers={"Retry-After": "5"},
        ) from exc
    if key is None:
        return None
    return key, settings.auth_jwks_issuer or settings.auth_issuer


def _principal(
    settings: PlatformSettings, jws: CompactJws, key: VerifyingKey, issuer: str
) -> Principal:
    try:
        claims = verified_payload(jws, key)
        check_claims(claims, _claim_rules(issuer, settings.auth_audience))
    except ExpiredToken as exc:
        raise _unauthorized("Inloggningen har gått ut. Logga in igen.") from exc
    except InvalidToken as exc:
        raise _unauthorized("Ogiltig inloggning.") from exc
    listed = claims.get("roles")
    return Principal(str(claims["sub"]), str(claims.get("name", "")), _roles(listed), claims)


@lru_cache(maxsize=8)
def _claim_rules(issuer: str, audience: str) -> ClaimRules:
    return ClaimRules(issuer=issuer, audience=audience)


def _roles(listed: Any) -> frozenset[Role]:
    """The roles a ``roles`` claim names; unknown names and anything but a list of names: none."""
    if not isinstance(listed, list):
        return frozenset()
    try:
        return _named_roles(tuple(listed))  # an issuer sends the same few lists again and again
    except TypeError:  # an unhashable item (an object, a list): not a role name either
        return _named_roles.__wrapped__(tuple(listed))


@lru_cache(maxsize=64)
def _named_roles(names: tuple[Any, ...]) -> frozenset[Role]:
    return frozenset(Role(r) for r in names if isinstance(r, str) and r in _ROLE_NAMES)


def verify_token(settings: PlatformSettings, token: str) -> Principal:
    """The caller a token names, or a 401 (a 503 when the provider's keys cannot be fetched).

    May fetch the provider's JWKS: call it off the event loop (``authenticate`` does).
    """
    jws = _parse(token)
    found = _key_and_issuer(settings, jws, fetch=True)
    assert found is not None  # fetch=True returns a key or raises
    return _principal(settings, jws, *found)


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

    Verification costs microseconds and runs on the event loop; only fetching a provider's key
    (the first token with a new ``kid``, then every few minutes) goes to a worker thread.
    """
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _unauthorized("Inloggning krävs (Authorization: Bearer <token>).")
    token = token.strip()
    principal = cache.get(token) if cache is not None else None
    if principal is not None:
        return principal
    jws = _parse(token)
    found = _key_and_issuer(settings, jws, fetch=False)
    if found is None:  # the provider's key must be fetched: not on the event loop
        found = await run_in_threadpool(_key_and_issuer, settings, jws, fetch=True)
        assert found is not None
    principal = _principal(settings, jws, *found)
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
