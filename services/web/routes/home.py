"""The start page (rounds as cards), a round's page (what happens now, the timeline as steps,
links onward) and the pages about accessibility, personal data and the counting rules."""

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

from services.web import round_guide
from services.web.backend import Backend
from services.web.deps import backend, rounds
from services.web.rendering import render
from services.web.together import together

router = APIRouter(include_in_schema=False)
LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg"}


async def round_context(request: Request, round_id: str) -> dict[str, Any]:
    """What every page of a round shows in its heading: title, kommun, phase."""
    client: Backend = backend(request)
    intake, status = await together(
        client.get("intake", f"/rounds/{round_id}"), rounds(request).status(round_id)
    )
    currency = await rounds(request).currency(round_id, status) if status else None
    return {"round": intake, "round_id": round_id, "status": status, "currency": currency}


def guide(status: dict[str, Any] | None) -> dict[str, Any]:
    """The resident's view of the phase, for the round page and the start page's cards."""
    return {
        "sentence": round_guide.sentence(status),
        "steps": round_guide.steps(status),
        "deadline": round_guide.next_deadline(status),
        "has_results": round_guide.reached(status, round_guide.RESULTS_FROM),
        "has_report": round_guide.reached(status, round_guide.REPORT_FROM),
        "report_final": (status or {}).get("phase") == "COMPLETED",
    }


async def _card(request: Request, round_id: str) -> dict[str, Any] | None:
    client = backend(request)
    found = await client.get_optional("intake", f"/rounds/{round_id}")
    if not found:
        return None
    status, decision = await together(
        rounds(request).status(round_id),
        client.get_optional("decision", f"/rounds/{round_id}"),
    )
    budget = (decision or {}).get("budget")
    currency = await rounds(request).currency(round_id, status) if status else None
    card = {"round": found, "status": status, "budget": budget, "currency": currency}
    return card | guide(status)


@router.get("/", response_class=HTMLResponse)
async def start(request: Request) -> HTMLResponse:
    ids = await rounds(request).round_ids()
    cards = await together(*(_card(request, round_id) for round_id in ids or []))
    listed = [card for card in cards if card]
    return render(request, "start.html", {"cards": listed, "unavailable": ids is None})


@router.get("/omgangar/{round_id}", response_class=HTMLResponse)
async def round_page(request: Request, round_id: str) -> HTMLResponse:
    client = backend(request)
    context, decision, ballot = await together(
        round_context(request, round_id),
        client.get_optional("decision", f"/rounds/{round_id}"),
        client.get_optional("voting", f"/rounds/{round_id}/ballot"),
    )
    budget = (decision or {}).get("budget") or (ballot or {}).get("budget")
    context |= {"decision": decision, "ballot": ballot, "budget": budget}
    return render(request, "round.html", context | guide(context["status"]))


@router.get("/tillganglighet", response_class=HTMLResponse)
def accessibility_statement(request: Request) -> HTMLResponse:
    return render(request, "accessibility.html", {})


@router.get("/kommunlogga")
def kommun_logo(request: Request) -> FileResponse:
    """The kommun's logo for the footer, from MB_KOMMUN_LOGO_FILE (same origin for the CSP)."""
    logo = Path(request.app.state.settings.kommun_logo_file)
    if not request.app.state.settings.kommun_logo_file or not logo.is_file():
        raise HTTPException(404)
    media_type = LOGO_TYPES.get(logo.suffix.lower())
    if media_type is None:
        raise HTTPException(404)
    return FileResponse(logo, media_type=media_type, headers={"Cache-Control": "max-age=3600"})


@router.get("/personuppgifter", response_class=HTMLResponse)
def personal_data(request: Request) -> HTMLResponse:
    return render(request, "personal_data.html", {})


@router.get("/sa-raknas-rosterna", response_class=HTMLResponse)
def counting_rules(request: Request) -> HTMLResponse:
    return render(request, "counting_rules.html", {})
