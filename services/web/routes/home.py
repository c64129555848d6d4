"""The start page (rounds), a round's page (budget, timeline, phase) and the accessibility
statement."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.web.backend import Backend
from services.web.deps import backend, rounds
from services.web.rendering import render
from services.web.i18n import N_

router = APIRouter(include_in_schema=False)

TIMELINE = [
    ("intake_closes_at", N_("Sista dag för förslag")),
    ("assessment_due_at", N_("Bedömningen klar")),
    ("voting_opens_at", N_("Röstningen öppnar")),
    ("voting_closes_at", N_("Röstningen stänger")),
    ("council_decision_due_at", N_("Beslut i fullmäktige")),
    ("implementation_due_at", N_("Projekten genomförda")),
    ("evaluation_at", N_("Uppföljning")),
]


async def round_context(request: Request, round_id: str) -> dict[str, Any]:
    """What every page of a round shows in its heading: title, kommun, phase."""
    client: Backend = backend(request)
    intake = await client.get("intake", f"/rounds/{round_id}")
    status = await rounds(request).status(round_id)
    return {"round": intake, "round_id": round_id, "status": status}


def timeline_steps(status: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """The round's dates as (label, time), as its workflow has them now; none if unknown."""
    timeline = (status or {}).get("timeline") or {}
    return [(label, timeline.get(key)) for key, label in TIMELINE if timeline.get(key)]


@router.get("/", response_class=HTMLResponse)
async def start(request: Request) -> HTMLResponse:
    ids = await rounds(request).round_ids()
    listed = []
    for round_id in ids or []:
        found = await backend(request).get_optional("intake", f"/rounds/{round_id}")
        if found:
            listed.append(found)
    return render(request, "start.html", {"rounds": listed, "unavailable": ids is None})


@router.get("/omgangar/{round_id}", response_class=HTMLResponse)
async def round_page(request: Request, round_id: str) -> HTMLResponse:
    context = await round_context(request, round_id)
    decision = await backend(request).get_optional("decision", f"/rounds/{round_id}")
    ballot = await backend(request).get_optional("voting", f"/rounds/{round_id}/ballot")
    steps = timeline_steps(context["status"])
    budget = (decision or {}).get("budget") or (ballot or {}).get("budget")
    context |= {"decision": decision, "ballot": ballot, "steps": steps, "budget": budget}
    return render(request, "round.html", context)


@router.get("/tillganglighet", response_class=HTMLResponse)
def accessibility_statement(request: Request) -> HTMLResponse:
    return render(request, "accessibility.html", {})
