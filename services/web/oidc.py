"""The two ends of the OpenID Connect authorization code flow: where to send the browser, and
how to turn the code it brings back into a verified token.

With ``MB_OIDC_AUTHORIZE_URL`` and ``MB_OIDC_TOKEN_URL`` set, that is the kommun's identity
provider; otherwise the dev identity provider of :mod:`services.web.routes.signin`, whose
codes are kept in memory.
"""

import time
from urllib.parse import urlencode

import httpx
from fastapi import Request

from services.common.auth import verify_token
from services.common.errors import Problem
from services.web.backend import Backend
from services.web.settings import WebSettings

DEV_AUTHORIZE = "/dev-idp/authorize"
CALLBACK = "/auth/callback"


def uses_provider(settings: WebSettings) -> bool:
    return bool(settings.oidc_authorize_url and settings.oidc_token_url)


def redirect_uri(request: Request) -> str:
    settings: WebSettings = request.app.state.settings
    if not uses_provider(settings):
        return CALLBACK
    base = settings.public_url or str(request.base_url)
    return base.rstrip("/") + CALLBACK


def authorize_url(request: Request, state: str) -> str:
    settings: WebSettings = request.app.state.settings
    query = urlencode(
        {
            "response_type": "code",
            "client_id": settings.oidc_client_id,
            "redirect_uri": redirect_uri(request),
            "state": state,
            "scope": "openid",
        }
    )
    target = settings.oidc_authorize_url if uses_provider(settings) else DEV_AUTHORIZE
    return f"{target}?{query}"


async def exchange(request: Request, code: str) -> str | None:
    """The token for a code, or None (unknown, used or expired code; a token that fails
    verification)."""
    settings: WebSettings = request.app.state.settings
    if not uses_provider(settings):
        return _dev_exchange(request, code)
    backend: Backend = request.app.state.backend
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri(request),
        "client_id": settings.oidc_client_id,
        "client_secret": settings.oidc_client_secret,
    }
    try:
        answer = await backend.client.post(settings.oidc_token_url, data=form)
        token = answer.json().get("id_token") if answer.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None
    if not isinstance(token, str):
        return None
    try:
        verify_token(settings, token)
    except Problem:
        return None
    return token


def _dev_exchange(request: Request, code: str) -> str | None:
    """The dev provider's token endpoint: a code works once, within its lifetime."""
    codes: dict[str, tuple[str, float]] = request.app.state.dev_codes
    now = time.monotonic()
    for stale in [c for c, (_, expires) in codes.items() if expires < now]:
        del codes[stale]
    entry = codes.pop(code, None)
    return entry[0] if entry else None
