"""Jinja2 pages: the layout's context (user, language, CSRF) and the display filters."""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from services.web.formats import (
    currency_symbol,
    local_date,
    local_time,
    money,
    number,
    percent,
    percentage,
)
from services.web.i18n import LANG_COOKIE, N_, gettext, language, ngettext, use_language
from services.web.session import (
    SIGNED_IN_COOKIE,
    csrf_token,
    current_user,
    remember_csrf,
    secure_cookies,
)
from services.web.settings import WebSettings

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.add_extension("jinja2.ext.i18n")
# Not newstyle: our own gettext/ngettext fill in %(name)s and format the count by language.
templates.env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]

PHASES = {
    "PREPARING": N_("Förberedelse"),
    "INTAKE": N_("Förslag tas emot"),
    "ASSESSMENT": N_("Bedömning"),
    "BALLOT_APPROVAL": N_("Beslut om röstsedel"),
    "VOTING": N_("Röstning"),
    "TALLYING": N_("Rösträkning"),
    "COUNCIL_DECISION": N_("Beslut i fullmäktige"),
    "IMPLEMENTATION": N_("Genomförande"),
    "EVALUATION": N_("Uppföljning"),
    "COMPLETED": N_("Avslutad"),
    "CANCELLED": N_("Avbruten"),
}


@pass_context
def sek(context: Context, amount: int | float | None, currency: str | None = None) -> str:
    """An amount in the given currency, else the page's round's (``currency`` in the page
    context), else kronor."""
    return money(amount, currency or context.get("currency"))


@pass_context
def currency_unit(context: Context) -> str:
    """The page's round's currency as a form label writes it (``Belopp, kr``)."""
    return currency_symbol(context.get("currency"))


def options(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """A round's categories or areas as (value, text) pairs for a select."""
    return [(str(item["id"]), str(item["name"])) for item in items]


templates.env.filters["sek"] = sek
templates.env.filters["number"] = number
templates.env.filters["percent"] = percent
templates.env.filters["percentage"] = percentage
templates.env.filters["options"] = options
templates.env.filters["local_time"] = local_time
templates.env.filters["local_date"] = local_date
templates.env.globals["PHASES"] = PHASES
templates.env.globals["currency_unit"] = currency_unit


def kommun_contact(settings: WebSettings) -> dict[str, Any]:
    """The kommun's name, logo and contact for the footer, as configured (MB_KOMMUN_*)."""
    return {
        "name": settings.kommun_name,
        "logo": bool(settings.kommun_logo_file),
        "email": settings.kommun_contact_email,
        "phone": settings.kommun_contact_phone,
        "website": settings.kommun_website,
    }


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page in the request's language, with the signed-in user and a CSRF token."""
    lang = language(request)
    use_language(lang)
    page_context = {
        "request": request,
        "lang": lang,
        "kommun": kommun_contact(request.app.state.settings),
        "user": current_user(request),
        "csrf_token": csrf_token(request),
        "path": request.url.path,
        **context,
    }
    signed_in_now = SIGNED_IN_COOKIE in request.cookies
    page_context.setdefault("signed_in_now", signed_in_now)
    response = templates.TemplateResponse(request, template, page_context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    if signed_in_now:  # shown once, on the first page after signing in
        response.delete_cookie(SIGNED_IN_COOKIE, path="/")
    remember_csrf(request, response)
    if request.query_params.get("lang") == lang:
        response.set_cookie(
            LANG_COOKIE, lang, samesite="lax", secure=secure_cookies(request), httponly=True
        )
    return response
