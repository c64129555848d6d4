"""Dialogue meetings on the web: anyone sees a round's meetings; officials register them."""

from datetime import date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from services.common.auth import Role
from services.common.dates import STOCKHOLM
from services.web.deps import backend, require_user
from services.web.forms import FormRefused, form_values, send_form, text
from services.web.i18n import gettext
from services.web.paging import MAX_PAGE, paged
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
LIST = "/omgangar/{round_id}/moten"
FORM = LIST + "/nytt"
PAGE_SIZE = 20
FIELDS = {"held_at": "date", "place": "place", "topic": "topic", "invited_groups": "groups"}


@router.get(LIST, response_class=HTMLResponse)
async def meetings(
    request: Request, round_id: str, sida: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1
) -> HTMLResponse:
    context = await round_context(request, round_id)
    page = await backend(request).get(
        "intake", f"/rounds/{round_id}/meetings", limit=PAGE_SIZE, offset=(sida - 1) * PAGE_SIZE
    )
    context |= paged(page, sida, PAGE_SIZE, f"{LIST.format(round_id=round_id)}?sida=")
    context |= {
        "registered": request.query_params.get("registrerat") == "1",
    }
    return render(request, "meetings.html", context)


@router.get(FORM, response_class=HTMLResponse)
async def meeting_form(request: Request, round_id: str) -> HTMLResponse:
    require_user(request, Role.OFFICIAL)
    context = await round_context(request, round_id)
    return render(request, "meeting_form.html", context | {"values": {}, "errors": {}})


def _held_at(form: FormData, errors: dict[str, str]) -> str | None:
    """The meeting's Swedish date and time as an aware moment."""
    try:
        day = date.fromisoformat(text(form, "date"))
    except ValueError:
        errors["date"] = gettext("Ange datumet som ÅÅÅÅ-MM-DD.")
        return None
    try:
        clock = time.fromisoformat(text(form, "time") or "00:00")
    except ValueError:
        errors["time"] = gettext("Ange tiden som TT:MM.")
        return None
    return datetime.combine(day, clock, STOCKHOLM).isoformat()


@router.post(FORM, response_model=None)
async def register_meeting(request: Request, round_id: str) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    errors: dict[str, str] = {}
    held_at = _held_at(form, errors)
    groups = [line.strip() for line in text(form, "groups").splitlines() if line.strip()]
    body: dict[str, Any] = {
        "held_at": held_at,
        "place": text(form, "place"),
        "topic": text(form, "topic"),
        "invited_groups": groups,
    }
    if not errors:
        path = f"/rounds/{round_id}/meetings"
        try:
            await send_form(request, "POST", "intake", path, user.token, FIELDS, json=body)
        except FormRefused as refused:
            errors = refused.errors
    if errors:
        context = await round_context(request, round_id)
        context |= {"values": form_values(form), "errors": errors}
        return render(request, "meeting_form.html", context, 422)
    target = f"{LIST.format(round_id=round_id)}?registrerat=1"
    return RedirectResponse(target, status_code=303)
