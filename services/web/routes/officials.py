"""Officials' approvals: the ballot (beslut om röstsedel) and the council's decision."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.common.auth import Role
from services.web.deps import backend, require_user
from services.web.formats import STOCKHOLM
from services.web.forms import FORM_LEVEL, FormRefused, form_values, send_form, text
from services.web.i18n import gettext
from services.web.rendering import render
from services.web.routes.ballot import _proposal_titles
from services.web.routes.home import round_context
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
DECISION_FIELDS = (
    "approved_project_ids",
    "diarienummer",
    "paragraph",
    "meeting_date",
    "justification",
)
# Refusals of a decision that concern one field: the message goes beside it.
DECISION_CODES = {
    "unknown-project": "approved_project_ids",
    "over-budget": "approved_project_ids",
    "justification-required": "justification",
}


@router.get("/omgangar/{round_id}/rostsedel", response_class=HTMLResponse)
async def ballot_approval_page(request: Request, round_id: str) -> HTMLResponse:
    require_user(request, Role.OFFICIAL)
    return await _approval_page(request, round_id, {}, {})


async def _approval_page(
    request: Request,
    round_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    context = await round_context(request, round_id)
    client = backend(request)
    candidates = await client.get_or_none("assessment", f"/rounds/{round_id}/ballot-candidates")
    decision = await client.get_or_none("decision", f"/rounds/{round_id}")
    context |= {
        "candidates": candidates,
        "decision": decision,
        "titles": await _proposal_titles(request, round_id),
        "values": values,
        "errors": errors,
        "sent": request.query_params.get("skickat") == "1",
    }
    return render(request, "ballot_approval.html", context, status_code)


@router.post("/omgangar/{round_id}/rostsedel", response_model=None)
async def approve_ballot(request: Request, round_id: str) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    body = {"comment": text(form, "comment")}
    path = f"/rounds/{round_id}/ballot-approval"
    try:
        await send_form(request, "POST", "decision", path, user.token, ("comment",), json=body)
    except FormRefused as refused:
        values = form_values(form)
        return await _approval_page(request, round_id, values, refused.errors, refused.status)
    return RedirectResponse(f"/omgangar/{round_id}/rostsedel?skickat=1", status_code=303)


@router.get("/omgangar/{round_id}/beslut", response_class=HTMLResponse)
async def council_decision_page(request: Request, round_id: str) -> HTMLResponse:
    require_user(request, Role.COUNCIL_SECRETARY, Role.OFFICIAL)
    recommendation = await backend(request).get_or_none(
        "decision", f"/rounds/{round_id}/recommendation"
    )
    chosen = [str(pid) for pid in (recommendation or {}).get("selected", [])]
    return await _decision_page(request, round_id, {"approved_project_ids": chosen}, {})


async def _decision_page(
    request: Request,
    round_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    context = await round_context(request, round_id)
    client = backend(request)
    context |= {
        "recommendation": await client.get_or_none(
            "decision", f"/rounds/{round_id}/recommendation"
        ),
        "decision": await client.get_or_none("decision", f"/rounds/{round_id}"),
        "titles": await _proposal_titles(request, round_id),
        "values": values,
        "errors": errors,
        "sent": request.query_params.get("skickat") == "1",
        # The council has met already: the date picker offers no later day (decision refuses one).
        "today": datetime.now(STOCKHOLM).date().isoformat(),
    }
    return render(request, "council_decision.html", context, status_code)


@router.post("/omgangar/{round_id}/beslut", response_model=None)
async def record_decision(request: Request, round_id: str) -> Response:
    user = require_user(request, Role.COUNCIL_SECRETARY)
    form = await checked_form(request)
    chosen = [v for v in form.getlist("approved_project_ids") if isinstance(v, str)]
    values = form_values(form) | {"approved_project_ids": chosen}
    errors: dict[str, str] = {}
    if not text(form, "meeting_date"):
        errors["meeting_date"] = gettext("Ange sammanträdets datum.")
    body = {
        "approved_project_ids": [int(v) for v in chosen if v.isdigit()],
        "diarienummer": text(form, "diarienummer"),
        "paragraph": text(form, "paragraph"),
        "meeting_date": text(form, "meeting_date"),
        "justification": text(form, "justification"),
    }
    if not errors:
        path = f"/rounds/{round_id}/council-decision"
        try:
            await send_form(
                request, "POST", "decision", path, user.token, DECISION_FIELDS, json=body
            )
        except FormRefused as refused:
            errors = refused.errors
            if refused.error.code in DECISION_CODES:
                errors.pop(FORM_LEVEL, None)
                errors[DECISION_CODES[refused.error.code]] = refused.error.detail
        else:
            return RedirectResponse(f"/omgangar/{round_id}/beslut?skickat=1", status_code=303)
    return await _decision_page(request, round_id, values, errors, 422)
