"""Sign-in as an OpenID Connect authorization-code flow: the front sends the browser to the
identity provider with a random ``state``, gets a one-time ``code`` back on its callback, and
exchanges the code for the token it keeps in the session cookie.

Locally the identity provider is the dev issuer below (choose a test person); it signs with
``MB_AUTH_SECRET`` like ``medborgarbudget token``. Its codes live in memory for one minute.
"""

import secrets
import time
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.common.auth import issue_token
from services.web import oidc
from services.web.i18n import gettext
from services.web.people import PEOPLE_BY_KEY, TEST_PEOPLE
from services.web.rendering import render
from services.web.session import (
    checked_form,
    clear_session,
    mark_signed_in,
    secure_cookies,
    set_session,
)
from services.web.settings import WebSettings

router = APIRouter(include_in_schema=False)
STATE_COOKIE = "mb_oidc_state"
CODE_TTL = 60.0


def _safe_next(value: str | None) -> str:
    """Only paths on this site, so the sign-in cannot send anyone elsewhere."""
    if value and value.startswith("/") and not value.startswith("//"):
        return value
    return "/"


@router.get("/logga-in")
def sign_in(request: Request, next: Annotated[str | None, Query()] = None) -> Response:
    settings: WebSettings = request.app.state.settings
    if not (settings.dev_login or oidc.uses_provider(settings)):
        message = gettext("Inloggningen är inte konfigurerad. Kontakta kommunen.")
        return render(request, "error.html", {"status": 503, "message": message}, 503)
    state = secrets.token_urlsafe(24)
    response = RedirectResponse(oidc.authorize_url(request, state), status_code=303)
    response.set_cookie(
        STATE_COOKIE,
        f"{state}|{_safe_next(next)}",
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        max_age=600,
    )
    return response


@router.get("/dev-idp/authorize", response_class=HTMLResponse)
def dev_idp_page(request: Request, state: str = "", redirect_uri: str = "") -> HTMLResponse:
    _require_dev_login(request)
    context = {"people": TEST_PEOPLE, "state": state, "redirect_uri": redirect_uri, "errors": {}}
    return render(request, "dev_idp.html", context)


@router.post("/dev-idp/authorize")
async def dev_idp_choose(request: Request) -> Response:
    _require_dev_login(request)
    form = await checked_form(request)
    person = PEOPLE_BY_KEY.get(str(form.get("person", "")))
    state = str(form.get("state", ""))
    if person is None:
        context = {
            "people": TEST_PEOPLE,
            "state": state,
            "redirect_uri": "/auth/callback",
            "errors": {"person": gettext("Välj vem du vill logga in som.")},
        }
        return render(request, "dev_idp.html", context, 422)
    settings: WebSettings = request.app.state.settings
    token = issue_token(
        settings, person.subject, list(person.roles), name=person.name, claims=person.claims
    )
    code = secrets.token_urlsafe(24)
    codes: dict[str, tuple[str, float]] = request.app.state.dev_codes
    codes[code] = (token, time.monotonic() + CODE_TTL)
    return RedirectResponse(
        "/auth/callback?" + urlencode({"code": code, "state": state}), status_code=303
    )


@router.get("/auth/callback")
async def callback(request: Request, code: str = "", state: str = "") -> Response:
    expected, _, next_path = request.cookies.get(STATE_COOKIE, "").partition("|")
    token = None
    if expected and secrets.compare_digest(expected, state):
        token = await oidc.exchange(request, code)
    if token is None:
        message = gettext("Inloggningen kunde inte slutföras. Försök logga in igen.")
        return render(request, "error.html", {"status": 400, "message": message}, 400)
    response = RedirectResponse(_safe_next(next_path), status_code=303)
    set_session(request, response, token)
    mark_signed_in(request, response)
    response.delete_cookie(STATE_COOKIE)
    return response


@router.post("/logga-ut")
async def sign_out(request: Request) -> Response:
    await checked_form(request)
    response = RedirectResponse("/", status_code=303)
    clear_session(response)
    return response


def _require_dev_login(request: Request) -> None:
    settings: WebSettings = request.app.state.settings
    if not settings.dev_login:
        raise HTTPException(404)
