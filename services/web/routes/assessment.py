"""Officials and assessors: the assessment queue, assigning, jäv, and one proposal's verdict
(criteria, costing as line items, feasible or not with a public reason)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from services.common.auth import Role
from services.web.deps import backend, require_user
from services.web.forms import (
    FORM_LEVEL,
    FormRefused,
    form_values,
    send_form,
    text,
    whole_kronor,
)
from services.web.i18n import gettext
from services.web.people import TEST_PEOPLE
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.session import User, checked_form

router = APIRouter(include_in_schema=False)
STAFF = (Role.OFFICIAL, Role.ASSESSOR)
COST_ROWS = 4
# The service's field names, and the form's where they differ (a cost is its line items here).
VERDICT_FIELDS = {
    **{name: name for name in ("feasible", "cost_items", "criteria", "public_reason")},
    "cost": "cost_items",
}
MERGE_FIELDS = {
    "proposal_id": "merge_proposal",
    "into": "merge_into",
    "public_reason": "merge_reason",
}


def _assessors(request: Request) -> list[tuple[str, str]]:
    """Who can be given proposals: the dev directory's assessors (a kommun would look its
    staff up in its own directory)."""
    if not request.app.state.settings.dev_login:
        return []
    return [(p.subject, p.name) for p in TEST_PEOPLE if Role.ASSESSOR in p.roles]


@router.get("/omgangar/{round_id}/bedomning", response_class=HTMLResponse)
async def queue(request: Request, round_id: str) -> HTMLResponse:
    user = require_user(request, *STAFF)
    return await _queue_page(request, round_id, user, {})


async def _queue_page(
    request: Request,
    round_id: str,
    user: User,
    errors: dict[str, str],
    status_code: int = 200,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    context = await round_context(request, round_id)
    client = backend(request)
    progress = await client.get_or_none("assessment", f"/rounds/{round_id}/progress")
    proposals = await client.all_items("intake", f"/rounds/{round_id}/proposals")
    assessments = (
        {
            a["proposal_id"]: a
            for a in await client.all_items("assessment", f"/rounds/{round_id}/assessments")
        }
        if progress
        else {}
    )
    assignments: dict[int, list[str]] = {}
    mine: set[int] = set()
    if progress:
        path = f"/rounds/{round_id}/assignments"
        if user.has(Role.OFFICIAL):
            everyone = await client.get("assessment", path, user.token, limit=500)
            for item in everyone["items"]:
                assignments.setdefault(item["proposal_id"], []).append(item["assessor_name"])
        if user.has(Role.ASSESSOR):
            own = await client.get("assessment", path, user.token, mine="true", limit=500)
            mine = {item["proposal_id"] for item in own["items"]}
    context |= {
        "progress": progress,
        "proposals": proposals,
        "assessments": assessments,
        "assignments": assignments,
        "mine": mine,
        "assessors": _assessors(request),
        "errors": errors,
        "values": values or {},
        "done": request.query_params.get("klart"),
    }
    return render(request, "assessment_queue.html", context, status_code)


@router.post("/omgangar/{round_id}/bedomning/tilldela", response_model=None)
async def assign(request: Request, round_id: str) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    assessors = dict(_assessors(request))
    subject = text(form, "assessor") or user.principal.subject
    name = assessors.get(subject, user.name)
    ids = [int(v) for v in form.getlist("proposal_id") if isinstance(v, str) and v.isdigit()]
    if not ids:
        return await _queue_page(
            request,
            round_id,
            user,
            {"proposal_id": gettext("Välj minst ett förslag att tilldela.")},
            422,
        )
    body = {"assessor_subject": subject, "assessor_name": name, "proposal_ids": ids}
    path = f"/rounds/{round_id}/assignments"
    try:
        await send_form(request, "POST", "assessment", path, user.token, json=body)
    except FormRefused as refused:
        errors = {FORM_LEVEL: refused.error.detail}
        return await _queue_page(request, round_id, user, errors, refused.status)
    return RedirectResponse(f"/omgangar/{round_id}/bedomning?klart=tilldelat", status_code=303)


@router.post("/omgangar/{round_id}/bedomning/sammanslagning", response_model=None)
async def merge(request: Request, round_id: str) -> Response:
    """A duplicate is merged into another proposal, with a reason its proposer is told."""
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    errors: dict[str, str] = {}
    ids = {}
    for name in ("merge_proposal", "merge_into"):
        value = text(form, name)
        if not value.isdigit():
            errors[name] = gettext("Välj ett förslag.")
        ids[name] = int(value) if value.isdigit() else 0
    body = {
        "proposal_id": ids["merge_proposal"],
        "into": ids["merge_into"],
        "public_reason": text(form, "merge_reason"),
    }
    if not errors:
        try:
            await send_form(
                request,
                "POST",
                "assessment",
                f"/rounds/{round_id}/merges",
                user.token,
                MERGE_FIELDS,
                json=body,
            )
        except FormRefused as refused:
            errors = refused.errors
        else:
            target = f"/omgangar/{round_id}/bedomning?klart=sammanslaget"
            return RedirectResponse(target, status_code=303)
    return await _queue_page(request, round_id, user, errors, 422, form_values(form))


@router.get("/omgangar/{round_id}/bedomning/{proposal_id}", response_class=HTMLResponse)
async def verdict_form(request: Request, round_id: str, proposal_id: int) -> HTMLResponse:
    require_user(request, *STAFF)
    existing = await backend(request).get_or_none(
        "assessment", f"/rounds/{round_id}/assessments/{proposal_id}"
    )
    return await _verdict_page(request, round_id, proposal_id, _values(existing), {})


async def _verdict_page(
    request: Request,
    round_id: str,
    proposal_id: int,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    context = await round_context(request, round_id)
    proposal = await backend(request).get("intake", f"/rounds/{round_id}/proposals/{proposal_id}")
    context |= {
        "proposal": proposal,
        "values": values,
        "errors": errors,
        "cost_rows": range(1, COST_ROWS + 1),
    }
    return render(request, "assessment_form.html", context, status_code)


@router.post("/omgangar/{round_id}/bedomning/{proposal_id}", response_model=None)
async def save_verdict(request: Request, round_id: str, proposal_id: int) -> Response:
    user = require_user(request, Role.ASSESSOR)
    form = await checked_form(request)
    context = await round_context(request, round_id)
    errors: dict[str, str] = {}
    body = _verdict(form, context["round"]["criteria"], errors)
    if not errors:
        path = f"/rounds/{round_id}/assessments/{proposal_id}"
        try:
            await send_form(
                request, "PUT", "assessment", path, user.token, VERDICT_FIELDS, json=body
            )
        except FormRefused as refused:
            errors = refused.errors
        else:
            target = f"/omgangar/{round_id}/bedomning?klart=bedomt"
            return RedirectResponse(target, status_code=303)
    values = form_values(form)
    return await _verdict_page(request, round_id, proposal_id, values, errors, 422)


@router.post("/omgangar/{round_id}/bedomning/{proposal_id}/jav", response_model=None)
async def declare_conflict(request: Request, round_id: str, proposal_id: int) -> Response:
    user = require_user(request, Role.ASSESSOR)
    form = await checked_form(request)
    reason = text(form, "jav_reason")
    errors: dict[str, str] = {}
    if len(reason) < 3:
        errors["jav_reason"] = gettext("Beskriv kort varför du är jävig (minst 3 tecken).")
    else:
        path = f"/rounds/{round_id}/proposals/{proposal_id}/conflict-of-interest"
        try:
            body = {"reason": reason}
            await send_form(request, "POST", "assessment", path, user.token, {}, json=body)
        except FormRefused as refused:
            errors = {"jav_reason": refused.error.fields.get("reason", refused.error.detail)}
        else:
            return RedirectResponse(f"/omgangar/{round_id}/bedomning?klart=jav", status_code=303)
    values = form_values(form)
    return await _verdict_page(request, round_id, proposal_id, values, errors, 422)


def _verdict(
    form: FormData, criteria: list[dict[str, Any]], errors: dict[str, str]
) -> dict[str, Any]:
    feasible = text(form, "feasible")
    if feasible not in ("yes", "no"):
        errors["feasible"] = gettext("Ange om förslaget går att genomföra.")
    items = []
    for row in range(1, COST_ROWS + 1):
        description = text(form, f"item_description_{row}")
        amount = whole_kronor(form, f"item_amount_{row}", errors, required=False)
        if errors.pop(f"item_amount_{row}", None):
            errors["cost_items"] = gettext(
                "Rad %(row)s: ange beloppet som ett heltal, med siffror.", row=row
            )
        if description or amount is not None:
            items.append({"description": description, "amount": amount})
    verdicts = []
    for criterion in criteria:
        verdict = text(form, f"verdict_{criterion['id']}")
        if verdict not in ("met", "not_met"):
            errors["criteria"] = gettext("Ange för varje kriterium om det är uppfyllt eller inte.")
        verdicts.append(
            {
                "criterion_id": criterion["id"],
                "verdict": verdict or "not_met",
                "comment": text(form, f"comment_{criterion['id']}"),
            }
        )
    cost = sum(int(item["amount"] or 0) for item in items) if items else None
    return {
        "feasible": feasible == "yes",
        "cost": cost,
        "cost_items": items,
        "criteria": verdicts,
        "public_reason": text(form, "public_reason"),
    }


def _values(existing: dict[str, Any] | None) -> dict[str, Any]:
    """A stored verdict as the form's values, so an assessor can revise it."""
    if not existing or existing.get("outcome") == "merged":
        return {}
    values: dict[str, Any] = {
        "feasible": "yes" if existing["feasible"] else "no",
        "public_reason": existing.get("public_reason", ""),
    }
    for row, item in enumerate(existing.get("cost_items", []), start=1):
        values[f"item_description_{row}"] = item["description"]
        values[f"item_amount_{row}"] = str(item["amount"])
    for verdict in existing.get("criteria", []):
        values[f"verdict_{verdict['criterion_id']}"] = verdict["verdict"]
        values[f"comment_{verdict['criterion_id']}"] = verdict.get("comment", "")
    return values
