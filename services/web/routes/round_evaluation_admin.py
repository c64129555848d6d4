"""Officials set the round's survey questions (after voting, after implementation) and record
what running the round cost the kommun; the decision service checks and stores both."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from services.common.auth import Role
from services.web.deps import backend, require_user
from services.web.forms import FormRefused, field_errors, form_values, send_form, text, whole_kronor
from services.web.i18n import N_, gettext
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.session import checked_form
from services.web.together import together

router = APIRouter(include_in_schema=False)
PAGE = "/omgangar/{round_id}/uppfoljning/enkat-och-kostnad"
# The stage in the page's address -> the decision service's name for it.
STAGES = {"efter-omrostningen": "after_voting", "efter-genomforandet": "after_implementation"}
STAGE_TITLES = {
    "after_voting": N_("Enkäten efter omröstningen"),
    "after_implementation": N_("Enkäten efter genomförandet"),
}
KINDS = {"scale": N_("Skala 1–5"), "yes_no": N_("Ja eller nej")}
LOCAL_BUSINESS_QUESTION = "lokalt-naringsliv"  # always asked; the decision service adds it
MAX_OWN_QUESTIONS = 9
EMPTY_ROWS = 3


def own_questions(survey: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in survey["questions"] if q["id"] != LOCAL_BUSINESS_QUESTION]


@router.get(PAGE, response_class=HTMLResponse)
async def evaluation_setup(request: Request, round_id: str) -> HTMLResponse:
    require_user(request, Role.OFFICIAL)
    return await _page(request, round_id, {}, {})


async def _page(
    request: Request, round_id: str, values: dict[str, Any], errors: dict[str, str], code: int = 200
) -> HTMLResponse:
    client = backend(request)
    context, cost, *surveys = await together(
        round_context(request, round_id),
        client.get("decision", f"/rounds/{round_id}/running-cost"),
        *(client.get("decision", f"/rounds/{round_id}/surveys/{s}") for s in STAGES.values()),
    )
    stages = []
    for (slug, stage), survey in zip(STAGES.items(), surveys, strict=True):
        own = own_questions(survey)
        rows = min(MAX_OWN_QUESTIONS, len(own) + EMPTY_ROWS)
        fixed = next(q for q in survey["questions"] if q["id"] == LOCAL_BUSINESS_QUESTION)
        shown = values if values.get("form") == slug else _survey_values(own)
        stages.append(
            {
                "slug": slug,
                "title": STAGE_TITLES[stage],
                "fixed": fixed,
                "rows": range(1, rows + 1),
                "shown": shown,
            }
        )
    cost_values = values if values.get("form") == "kostnad" else _cost_values(cost)
    context |= {
        "stages": stages,
        # A blank choice is a scale (the select's empty option says so).
        "kinds": [("yes_no", gettext(KINDS["yes_no"]))],
        "cost": cost,
        "cost_values": cost_values,
        "errors": errors,
        "sent": request.query_params.get("skickat"),
    }
    return render(request, "round_evaluation_admin.html", context, code)


def _survey_values(questions: list[dict[str, Any]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for row, question in enumerate(questions, start=1):
        values |= {f"q_id_{row}": question["id"], f"q_text_{row}": question["text"]}
        values[f"q_kind_{row}"] = question["kind"]
    return values


def _cost_values(cost: dict[str, Any] | None) -> dict[str, str]:
    if not cost:
        return {}
    return {
        "rc_amount": str(cost["amount"]),
        "rc_hours": str(cost["staff_hours"]),
        "rc_note": cost["note"],
    }


def _questions(form: FormData, errors: dict[str, str]) -> tuple[list[dict[str, str]], list[int]]:
    """The filled rows as questions, and each one's row number (for the service's errors).
    A new question gets the first free id ``fraga-N``; a kept one keeps its id."""
    questions, rows = [], []
    taken = {text(form, f"q_id_{row}") for row in range(1, MAX_OWN_QUESTIONS + 1)}
    for row in range(1, MAX_OWN_QUESTIONS + 1):
        wording, kind = text(form, f"q_text_{row}"), text(form, f"q_kind_{row}") or "scale"
        if not wording:
            continue
        if kind not in KINDS:
            errors[f"q_kind_{row}"] = gettext("Välj skala eller ja/nej.")
        question_id = text(form, f"q_id_{row}")
        if not question_id:
            question_id = next(f"fraga-{n}" for n in range(1, 100) if f"fraga-{n}" not in taken)
            taken.add(question_id)
        questions.append({"id": question_id, "text": wording, "kind": kind})
        rows.append(row)
    return questions, rows


@router.post(PAGE + "/enkat/{slug}", response_model=None)
async def set_survey(request: Request, round_id: str, slug: str) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    if slug not in STAGES:
        return await _page(request, round_id, {}, {}, 404)
    errors: dict[str, str] = {}
    questions, rows = _questions(form, errors)
    code = 422
    if not errors:
        path = f"/rounds/{round_id}/surveys/{STAGES[slug]}"
        names = {
            f"questions.{i}.{part}": f"q_{part}_{row}"
            for i, row in enumerate(rows)
            for part in ("text", "kind")
        }
        try:
            await send_form(
                request, "PUT", "decision", path, user.token, names, json={"questions": questions}
            )
        except FormRefused as refused:
            errors, code = field_errors(refused.error, names), refused.status
        else:
            return RedirectResponse(f"{PAGE.format(round_id=round_id)}?skickat={slug}", 303)
    return await _page(request, round_id, form_values(form) | {"form": slug}, errors, code)


@router.post(PAGE + "/kostnad", response_model=None)
async def record_running_cost(request: Request, round_id: str) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    errors: dict[str, str] = {}
    hours = text(form, "rc_hours") or "0"
    if not hours.isascii() or not hours.isdigit():
        errors["rc_hours"] = gettext("Ange arbetstimmarna som ett heltal, 0 eller mer.")
    body = {
        "amount": whole_kronor(form, "rc_amount", errors),
        "staff_hours": int(hours) if "rc_hours" not in errors else 0,
        "note": text(form, "rc_note"),
    }
    code = 422
    if not errors:
        names = {"amount": "rc_amount", "staff_hours": "rc_hours", "note": "rc_note"}
        path = f"/rounds/{round_id}/running-cost"
        try:
            await send_form(request, "PUT", "decision", path, user.token, names, json=body)
        except FormRefused as refused:
            errors, code = field_errors(refused.error, names), refused.status
        else:
            return RedirectResponse(f"{PAGE.format(round_id=round_id)}?skickat=kostnad", 303)
    return await _page(request, round_id, form_values(form) | {"form": "kostnad"}, errors, code)
