"""Who is signed in, and the CSRF token of forms.

The session is the identity provider's token in an HttpOnly, SameSite=Lax cookie (Secure over
https), so page scripts can never read it. Forms carry a double-submit CSRF token: a random
value in a cookie that must come back in the form's hidden field.
"""

import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from starlette.datastructures import FormData

from services.common.auth import Principal, Role, verify_token
from services.common.errors import Problem
from services.common.principal import PERSON_ROLES
from services.web.settings import WebSettings

SESSION_COOKIE = "mb_session"
CSRF_COOKIE = "mb_csrf"
# Set by the sign-in, cleared by the first page shown after it: that page invites the person
# to give an address under Mina notiser.
SIGNED_IN_COOKIE = "mb_signed_in"
CSRF_FIELD = "csrf_token"
STAFF_ROLES = frozenset({Role.OFFICIAL, Role.ASSESSOR, Role.COUNCIL_SECRETARY})


@dataclass(frozen=True)
class User:
    token: str
    principal: Principal

    @property
    def name(self) -> str:
        return self.principal.name or self.principal.subject

    def has(self, *roles: Role) -> bool:
        return bool(self.principal.roles & set(roles))

    @property
    def is_staff(self) -> bool:
        return bool(self.principal.roles & STAFF_ROLES)

    @property
    def may_give_contact(self) -> bool:
        """Every person (not the hosting organisation's staff) may give an address."""
        return self.has(*PERSON_ROLES)


def current_user(request: Request) -> User | None:
    """The signed-in person, or None (no cookie, expired or not valid)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    settings: WebSettings = request.app.state.settings
    try:
        return User(token, verify_token(settings, token))
    except Problem:
        return None


def secure_cookies(request: Request) -> bool:
    settings: WebSettings = request.app.state.settings
    return settings.cookie_secure or request.url.scheme == "https"


def set_session(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def mark_signed_in(request: Request, response: Response) -> None:
    response.set_cookie(
        SIGNED_IN_COOKIE,
        "1",
        max_age=600,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def csrf_token(request: Request) -> str:
    """The request's CSRF value: the cookie's, or a new one the response will set."""
    existing = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if existing:
        return str(existing)
    request.state.new_csrf = secrets.token_urlsafe(32)
    return str(request.state.new_csrf)


def remember_csrf(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new and not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE, new, httponly=True, samesite="lax", secure=secure_cookies(request)
        )


class CsrfError(Exception):
    """The form's token did not match the cookie: the page shows 'try again'."""


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matched the cookie."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not isinstance(sent, str) or not secrets.compare_digest(sent, cookie):
        raise CsrfError()
    return form
