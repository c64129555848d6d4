"""Officials' follow-up: milestones, progress, completion and local-business indicators per
project; the round's evaluation; the final report."""

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from services.common.auth import Role
from services.web.backend import ServiceError
from services.web.deps import backend, require_user
from services.web.formats import STOCKHOLM
from services.web.forms import FORM_LEVEL, FormRefused, form_values, send_form, text, whole_kronor
from services.web.i18n import gettext
from services.web.rendering import render
from services.web.routes.ballot import _proposal_titles
from services.web.routes.follow_up import PROJECT_STATUS
from services.web.routes.home import round_context
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
MILESTONE_ROWS = 3
Builder = Callable[[FormData, dict[str, str]], dict[str, Any]]


@router.get("/omgangar/{round_id}/uppfoljning", response_class=HTMLResponse)
async def follow_up_page(request: Request, round_id: str) -> HTMLResponse:
    require_user(request, Role.OFFICIAL)
    return await _round_page(request, round_id, {}, {})


async def _round_page(
    request: Request, round_id: str, values: dict[str, Any], errors: dict[str, str], code: int = 200
) -> HTMLResponse:
    context = await round_context(request, round_id)
    decision = await backend(request).get_or_none("decision", f"/rounds/{round_id}")
    context |= {
        "decision": decision,
        "titles": await _proposal_titles(request, round_id),
        "project_status": PROJECT_STATUS,
        "values": values,
        "errors": errors,
        "sent": request.query_params.get("skickat"),
    }
    return render(request, "follow_up_admin.html", context, code)


@router.post("/omgangar/{round_id}/uppfoljning", response_model=None)
async def submit_evaluation(request: Request, round_id: str) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    body = {"summary": text(form, "summary")}
    path = f"/rounds/{round_id}/evaluation"
    try:
        await send_form(request, "POST", "decision", path, user.token, json=body)
    except FormRefused as refused:
        errors = {"summary": refused.error.fields.get("summary", refused.error.detail)}
        return await _round_page(request, round_id, form_values(form), errors, refused.status)
    return RedirectResponse(f"/omgangar/{round_id}/uppfoljning?skickat=1", status_code=303)


# The report itself may be up to the decision service's limit (20 MB by default): it says no.
REPORT_FORM_LIMIT = 21 * 1024 * 1024


@router.post(
    "/omgangar/{round_id}/uppfoljning/rapport",
    response_model=None,
    max_body_size=REPORT_FORM_LIMIT,
)
async def upload_evaluator_report(request: Request, round_id: str) -> Response:
    """The independent evaluator's report, passed on to the decision service as it is."""
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    upload = form.get("report")
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors = {"report": gettext("Välj filen med utvärderarens rapport.")}
        return await _round_page(request, round_id, {}, errors, 422)
    name = PurePath(upload.filename).name
    try:
        await send_form(
            request,
            "PUT",
            "decision",
            f"/rounds/{round_id}/evaluation/evaluator-report",
            user.token,
            params={"filename": name},
            content=await upload.read(),
            content_type=upload.content_type or "application/octet-stream",
        )
    except FormRefused as refused:
        errors = {"report": refused.error.detail}
        return await _round_page(request, round_id, {}, errors, refused.status)
    return RedirectResponse(f"/omgangar/{round_id}/uppfoljning?skickat=rapport", status_code=303)


@router.get("/omgangar/{round_id}/uppfoljning/projekt/{project_id}", response_class=HTMLResponse)
async def project_admin(request: Request, round_id: str, project_id: int) -> HTMLResponse:
    require_user(request, Role.OFFICIAL)
    return await _project_page(request, round_id, project_id, {}, {})


async def _project_page(
    request: Request,
    round_id: str,
    project_id: int,
    values: dict[str, Any],
    errors: dict[str, str],
    code: int = 200,
) -> HTMLResponse:
    context = await round_context(request, round_id)
    client = backend(request)
    project = await client.get("decision", f"/rounds/{round_id}/projects/{project_id}")
    proposal = await client.get_or_none("intake", f"/rounds/{round_id}/proposals/{project_id}")
    context |= {
        "project": project,
        "proposal": proposal,
        "values": values,
        "errors": errors,
        "milestone_rows": range(1, MILESTONE_ROWS + 1),
        "project_status": PROJECT_STATUS,
        "sent": request.query_params.get("skickat"),
    }
    return render(request, "project_admin.html", context, code)


def _milestones(form: FormData, errors: dict[str, str]) -> dict[str, Any]:
    rows = []
    for row in range(1, MILESTONE_ROWS + 1):
        title, day = text(form, f"ms_title_{row}"), text(form, f"ms_date_{row}")
        if not title and not day:
            continue
        try:
            noon = datetime.combine(date.fromisoformat(day), time(12), tzinfo=STOCKHOLM)
        except ValueError:
            errors[f"ms_date_{row}"] = gettext("Ange datumet som ÅÅÅÅ-MM-DD.")
            continue
        rows.append({"title": title, "planned_at": noon.isoformat()})
    if not rows and not errors:
        errors["ms_title_1"] = gettext("Ange minst ett delmål med datum.")
    return {"owner": text(form, "ms_owner"), "milestones": rows}


def _progress(form: FormData, errors: dict[str, str]) -> dict[str, Any]:
    done = [int(v) for v in form.getlist("pr_done") if isinstance(v, str) and v.isdigit()]
    spent = whole_kronor(form, "pr_spent", errors, required=False)
    return {"completed_milestones": done, "spent": spent, "note": text(form, "pr_note")}


def _completion(form: FormData, errors: dict[str, str]) -> dict[str, Any]:
    return {
        "summary": text(form, "done_summary"),
        "spent": whole_kronor(form, "done_spent", errors),
    }


def _cancellation(form: FormData, errors: dict[str, str]) -> dict[str, Any]:
    # Cancelling cannot be undone: the official ticks that they mean it (works without script).
    if text(form, "cancel_confirm") != "ja":
        errors["cancel_confirm"] = gettext(
            "Kryssa i att du vill avbryta projektet. Det går inte att ångra."
        )
    return {"reason": text(form, "cancel_reason")}


def _indicators(form: FormData, errors: dict[str, str]) -> dict[str, Any]:
    figures = {
        key: whole_kronor(form, name, errors)
        for key, name in (
            ("companies_involved", "ind_companies"),
            ("jobs_created", "ind_jobs"),
            ("visitors", "ind_visitors"),
        )
    }
    for name in ("ind_companies", "ind_jobs", "ind_visitors"):
        if name in errors:
            errors[name] = gettext("Ange ett heltal, 0 eller mer.")
    satisfaction = text(form, "ind_satisfaction")
    return figures | {
        "satisfaction": int(satisfaction) if satisfaction.isdigit() else None,
        "comment": text(form, "ind_comment"),
    }


# form name: (service path, method, body builder, service field -> form field)
FORMS: dict[str, tuple[str, str, Builder, Mapping[str, str]]] = {
    "delmal": (
        "/milestones",
        "POST",
        _milestones,
        {"owner": "ms_owner", "milestones": "ms_title_1"},
    ),
    "framsteg": (
        "/progress",
        "POST",
        _progress,
        {"completed_milestones": "pr_done", "spent": "pr_spent", "note": "pr_note"},
    ),
    "klart": (
        "/completion",
        "POST",
        _completion,
        {"summary": "done_summary", "spent": "done_spent"},
    ),
    "avbryt": ("/cancellation", "POST", _cancellation, {"reason": "cancel_reason"}),
    "indikatorer": (
        "/indicators",
        "PUT",
        _indicators,
        {
            "companies_involved": "ind_companies",
            "jobs_created": "ind_jobs",
            "visitors": "ind_visitors",
            "satisfaction": "ind_satisfaction",
            "comment": "ind_comment",
        },
    ),
}


def _form_errors(error: ServiceError, fields: Mapping[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, message in error.fields.items():
        parts = field.split(".")
        if parts[0] == "milestones" and len(parts) > 2 and parts[1].isdigit():
            name = "ms_title_" + str(int(parts[1]) + 1) if parts[2] == "title" else "ms_date_1"
            errors.setdefault(name, message)
        elif parts[0] in fields:
            errors.setdefault(fields[parts[0]], message)
        else:
            errors[FORM_LEVEL] = message
    return errors or {FORM_LEVEL: error.detail}


@router.post(
    "/omgangar/{round_id}/uppfoljning/projekt/{project_id}/{form_name}", response_model=None
)
async def project_update(
    request: Request, round_id: str, project_id: int, form_name: str
) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    if form_name not in FORMS:
        return await _project_page(request, round_id, project_id, {}, {}, 404)
    suffix, method, build, fields = FORMS[form_name]
    errors: dict[str, str] = {}
    body = build(form, errors)
    if not errors:
        path = f"/rounds/{round_id}/projects/{project_id}{suffix}"
        try:
            await send_form(request, method, "decision", path, user.token, json=body)
        except FormRefused as refused:
            errors = _form_errors(refused.error, fields)
        else:
            target = f"/omgangar/{round_id}/uppfoljning/projekt/{project_id}?skickat={form_name}"
            return RedirectResponse(target, status_code=303)
    values = form_values(form) | {"form": form_name}
    return await _project_page(request, round_id, project_id, values, errors, 422)
