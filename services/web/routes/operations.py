"""The round's operations for officials: its timeline with every moved deadline, a form to move
a deadline and one to cancel the round (``services.web.round_operations``)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.common.auth import Role
from services.web.deps import require_user, rounds
from services.web.forms import FORM_LEVEL, form_values, text
from services.web.i18n import gettext, language, translate
from services.web.problems import service_text
from services.web.rendering import PHASES, render
from services.web.round_guide import steps as timeline_steps
from services.web.round_operations import (
    DEADLINE_PHASES,
    Refused,
    cancel_round,
    extend_deadline,
    swedish_time,
)
from services.web.routes.home import round_context
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
PAGE = "/omgangar/{round_id}/drift"
STAFF = (Role.OFFICIAL, Role.OPERATIONS)


async def _page(
    request: Request,
    round_id: str,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = await round_context(request, round_id)
    context |= {
        "steps": timeline_steps(context["status"]),
        "phases": [(p, translate(language(request), PHASES[p])) for p in DEADLINE_PHASES],
        "values": values or {},
        "errors": errors or {},
        "moved": request.query_params.get("flyttad") == "1",
        "cancelling": request.query_params.get("avbryts") == "1",
    }
    return render(request, "operations.html", context, status_code)


@router.get(PAGE, response_class=HTMLResponse)
async def operations_page(request: Request, round_id: str) -> HTMLResponse:
    require_user(request, *STAFF)
    return await _page(request, round_id)


@router.post(PAGE + "/tidsgrans", response_model=None)
async def move_deadline(request: Request, round_id: str) -> Response:
    user = require_user(request, *STAFF)
    form = await checked_form(request)
    errors: dict[str, str] = {}
    phase = text(form, "phase")
    if phase not in DEADLINE_PHASES:
        errors["phase"] = gettext("Välj vilken fas som ska få en ny tidsgräns.")
    until = swedish_time(text(form, "until"))
    if until is None:
        errors["until"] = gettext("Ange dag och klockslag, till exempel 2027-06-01 12:00.")
    reason = text(form, "reason")
    if not errors and until is not None:
        by = user.name or "okänd"
        try:
            await extend_deadline(rounds(request), round_id, phase, until, reason, by)
        except Refused as refused:
            errors[_field_of(refused)] = service_text(refused.message)
    if errors:
        return await _page(request, round_id, form_values(form), errors, 422)
    return RedirectResponse(f"{PAGE.format(round_id=round_id)}?flyttad=1", status_code=303)


@router.post(PAGE + "/avbryt", response_model=None)
async def cancel(request: Request, round_id: str) -> Response:
    user = require_user(request, *STAFF)
    form = await checked_form(request)
    errors: dict[str, str] = {}
    if text(form, "confirm") != "ja":
        errors["confirm"] = gettext("Bekräfta att omgången ska avbrytas för gott.")
    else:
        try:
            await cancel_round(
                rounds(request), round_id, text(form, "cancel_reason"), user.name or "okänd"
            )
        except Refused as refused:
            errors["cancel_reason"] = service_text(refused.message)
    if errors:
        return await _page(request, round_id, form_values(form), errors, 422)
    return RedirectResponse(f"{PAGE.format(round_id=round_id)}?avbryts=1", status_code=303)


def _field_of(refused: Refused) -> str:
    """The form field a refused move is about, from the workflow's error type and words."""
    if refused.kind == "InvalidRequest":  # the reason (the name comes from the login)
        return "reason"
    if refused.message.startswith("Omgången"):  # finished or no longer running
        return FORM_LEVEL
    if refused.message.startswith(("Fasen", "Okänd fas")):
        return "phase"
    return "until"
