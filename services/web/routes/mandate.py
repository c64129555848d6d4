"""The council secretary enters the decision that set the round up (the mandate) when the
round's config says it is still to come: a form posting to the decision service, which checks
the budget and hands it to the round (update ``record_mandate``). Each refusal stands beside
its field; the round's own refusal (not waiting for a mandate) at the top."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.common.auth import Role
from services.web.deps import backend, require_user
from services.web.formats import STOCKHOLM
from services.web.forms import FORM_LEVEL, FormRefused, form_values, send_form, text, whole_kronor
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
PAGE = "/omgangar/{round_id}/mandat"
FIELDS = ("body", "diarienummer", "paragraph", "decided_on", "budget", "criteria")
# Refusals that concern one field: the message goes beside it.
CODES = {"mandate-budget-differs": "budget"}
MAX_CRITERIA = 50


async def _page(
    request: Request,
    round_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    context = await round_context(request, round_id)
    decision = await backend(request).get_optional("decision", f"/rounds/{round_id}")
    context |= {
        "decision": decision,
        "values": values,
        "errors": errors,
        "sent": request.query_params.get("skickat") == "1",
        # The body has decided already: the date picker offers no later day.
        "today": datetime.now(STOCKHOLM).date().isoformat(),
    }
    return render(request, "mandate_form.html", context, status_code)


@router.get(PAGE, response_class=HTMLResponse)
async def mandate_page(request: Request, round_id: str) -> HTMLResponse:
    require_user(request, Role.COUNCIL_SECRETARY)
    return await _page(request, round_id, {}, {})


def _criteria(form_text: str) -> list[str]:
    """One criterion a line, blank lines left out."""
    return [line.strip() for line in form_text.splitlines() if line.strip()][: MAX_CRITERIA + 1]


@router.post(PAGE, response_model=None)
async def enter_mandate(request: Request, round_id: str) -> Response:
    user = require_user(request, Role.COUNCIL_SECRETARY)
    form = await checked_form(request)
    errors: dict[str, str] = {}
    budget = whole_kronor(form, "budget", errors)
    for field, message in (
        ("body", "Ange vilket organ som fattade beslutet."),
        ("decided_on", "Ange sammanträdets datum."),
    ):
        if not text(form, field):
            errors[field] = message
    if not errors:
        body = {
            "body": text(form, "body"),
            "diarienummer": text(form, "diarienummer"),
            "paragraph": text(form, "paragraph"),
            "decided_on": text(form, "decided_on"),
            "budget": budget,
            "criteria": _criteria(text(form, "criteria")),
        }
        path = f"/rounds/{round_id}/mandate"
        try:
            await send_form(request, "POST", "decision", path, user.token, FIELDS, json=body)
        except FormRefused as refused:
            errors = refused.errors
            if refused.error.code in CODES:
                errors.pop(FORM_LEVEL, None)
                errors[CODES[refused.error.code]] = refused.error.detail
        else:
            target = f"{PAGE.format(round_id=round_id)}?skickat=1"
            return RedirectResponse(target, status_code=303)
    return await _page(request, round_id, form_values(form), errors, 422)
