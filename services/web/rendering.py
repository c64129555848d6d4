"""Jinja2 pages: the layout's context (user, language, CSRF) and the display filters."""

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from services.common.validation import format_sek
from services.web.i18n import LANG_COOKIE, language, translate
from services.web.session import csrf_token, current_user, remember_csrf, secure_cookies

STOCKHOLM = ZoneInfo("Europe/Stockholm")
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

PHASES = {
    "PREPARING": "Förberedelse",
    "INTAKE": "Förslag tas emot",
    "ASSESSMENT": "Bedömning",
    "BALLOT_APPROVAL": "Beslut om röstsedel",
    "VOTING": "Röstning",
    "TALLYING": "Rösträkning",
    "COUNCIL_DECISION": "Beslut i fullmäktige",
    "IMPLEMENTATION": "Genomförande",
    "EVALUATION": "Uppföljning",
    "COMPLETED": "Avslutad",
    "CANCELLED": "Avbruten",
}


def local_time(value: str | datetime | None, with_time: bool = True) -> str:
    """An ISO time from a service, shown in Swedish time."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        moment = moment.astimezone(STOCKHOLM)
    return moment.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def sek(amount: int | None) -> str:
    return "" if amount is None else format_sek(int(amount))


def options(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """A round's categories or areas as (value, text) pairs for a select."""
    return [(str(item["id"]), str(item["name"])) for item in items]


templates.env.filters["sek"] = sek
templates.env.filters["options"] = options
templates.env.filters["local_time"] = local_time
templates.env.globals["PHASES"] = PHASES


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page in the request's language, with the signed-in user and a CSRF token."""
    lang = language(request)
    page_context = {
        "request": request,
        "lang": lang,
        "_": lambda text: translate(lang, text),
        "user": current_user(request),
        "csrf_token": csrf_token(request),
        "path": request.url.path,
        **context,
    }
    response = templates.TemplateResponse(request, template, page_context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    remember_csrf(request, response)
    if request.query_params.get("lang") == lang:
        response.set_cookie(
            LANG_COOKIE, lang, samesite="lax", secure=secure_cookies(request), httponly=True
        )
    return response
