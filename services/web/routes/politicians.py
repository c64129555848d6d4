"""A politician's own view (issue 23): the rounds of their kommun, each with its phase, the
questions on its proposals that wait for an answer, and the key moments they are told of
(the ballot approved and voting open, the result, the council's decision due)."""

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.common.auth import Role
from services.web import round_guide
from services.web.backend import ServiceError
from services.web.deps import backend, require_user, rounds
from services.web.i18n import N_
from services.web.rendering import render
from services.web.session import User
from services.web.together import together

router = APIRouter(include_in_schema=False)
MAX_ROUNDS = 20
QUESTIONS_SHOWN = 5
# The moments politicians are told of, named as they see them (translated on the page).
KEY_MOMENTS = {
    "voting_opens_at": N_("Röstsedeln godkänd, röstningen öppnar"),
    "voting_closes_at": N_("Röstningen stänger, resultatet räknas"),
    "council_decision_due_at": N_("Fullmäktiges beslut senast"),
}


async def _open_questions(request: Request, user: User, round_id: str) -> dict[str, Any] | None:
    path = f"/rounds/{round_id}/open-questions"
    try:
        page: dict[str, Any] = await backend(request).get(
            "intake", path, user.token, limit=QUESTIONS_SHOWN
        )
    except ServiceError as error:
        if error.status not in (403, 404, 503):
            raise
        return None
    return page


async def _round(request: Request, user: User, found: dict[str, Any]) -> dict[str, Any]:
    round_id = found["id"]
    status, questions = await together(
        rounds(request).status(round_id), _open_questions(request, user, round_id)
    )
    moments = [
        replace(step, label=KEY_MOMENTS[step.key])
        for step in round_guide.steps(status)
        if step.key in KEY_MOMENTS
    ]
    return {
        "round": found,
        "status": status,
        "sentence": round_guide.sentence(status),
        "moments": moments,
        "questions": questions,
    }


@router.get("/politiker", response_class=HTMLResponse)
async def politician_rounds(request: Request) -> HTMLResponse:
    user = require_user(request, Role.POLITICIAN)
    kommun = user.principal.claims.get("kommun")
    listed: list[dict[str, Any]] | None = []
    if isinstance(kommun, str) and kommun.strip():
        try:
            page = await backend(request).get("intake", "/rounds", kommun=kommun, limit=MAX_ROUNDS)
            listed = page["items"]
        except ServiceError as error:
            if error.status != 503:
                raise
            listed = None
    cards = await together(*(_round(request, user, found) for found in listed or []))
    context = {"kommun": kommun, "cards": cards, "unavailable": listed is None}
    return render(request, "politician_rounds.html", context)
