"""The ballot (every ballot type), the receipt, and "did my vote count?"."""

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.common.auth import Role
from services.web.backend import ServiceError
from services.web.ballot_form import (
    BallotDraft,
    check_limits,
    draft_from_ballot,
    read_draft,
    tally,
)
from services.web.deps import backend, require_user
from services.web.forms import FormRefused, send_form, text
from services.web.i18n import gettext
from services.web.pot_choice import chosen_pot, voters_pots, voting_path
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
VOTERS = (Role.RESIDENT, Role.COMPANY)


async def _proposal_titles(request: Request, round_id: str) -> dict[int, dict[str, Any]]:
    items = await backend(request).all_items("intake", f"/rounds/{round_id}/proposals")
    return {int(p["id"]): p for p in items}


async def ballot_context(
    request: Request, round_id: str, draft: BallotDraft, ballot: dict[str, Any] | None = None
) -> tuple[dict[str, Any], bool]:
    """The round with its ballot (fetched unless the caller has it) and what the draft adds up
    to; ``False`` when voting is not open (the context then fits ``ballot_closed.html``)."""
    context = await round_context(request, round_id)
    if ballot is None:
        path = voting_path(round_id, chosen_pot(request), "/ballot")
        ballot = await backend(request).get_or_none("voting", path)
    if ballot is None or ballot["status"] != "open":
        return context | {"ballot": ballot}, False
    figures = tally(ballot, draft)
    return context | {
        "ballot": ballot,
        "titles": await _proposal_titles(request, round_id),
        "draft": draft,
        "figures": figures,
        "errors": draft.errors,
        "spent_percent": min(100, round(100 * figures.spent / max(1, figures.budget))),
    }, True


async def _ballot_page(
    request: Request,
    round_id: str,
    draft: BallotDraft,
    status_code: int = 200,
    cast: dict[str, Any] | None = None,
    ballot: dict[str, Any] | None = None,
) -> HTMLResponse:
    context, is_open = await ballot_context(request, round_id, draft, ballot)
    context["cast"] = cast
    if not is_open:
        return render(request, "ballot_closed.html", context)
    return render(request, "ballot.html", context, status_code)


async def my_ballot(
    request: Request, round_id: str, token: str, pot: str | None = None
) -> dict[str, Any] | None:
    """The signed-in voter's counting ballot, if they have voted (none if the service is down:
    the page then starts empty, as before)."""
    try:
        found: dict[str, Any] | None = await backend(request).get_or_none(
            "voting", voting_path(round_id, pot, "/ballots/mine"), token
        )
    except ServiceError as error:
        if error.status in (403, 503):
            return None
        raise
    return found


@router.get("/omgangar/{round_id}/rosta", response_class=HTMLResponse)
async def ballot_page(request: Request, round_id: str) -> HTMLResponse:
    user = require_user(request, *VOTERS)
    pot = chosen_pot(request)
    if pot is None:
        pots = await voters_pots(request, round_id, user.token)
        if pots is not None:  # a round with pots: first the voter's pots
            context = await round_context(request, round_id) | {"pots": pots}
            return render(request, "ballot_pots.html", context)
    cast = await my_ballot(request, round_id, user.token, pot)
    draft = draft_from_ballot(cast) if cast else BallotDraft()
    return await _ballot_page(request, round_id, draft, cast=cast)


@router.post("/omgangar/{round_id}/rosta", response_model=None)
async def cast_ballot(request: Request, round_id: str) -> Response:
    user = require_user(request, *VOTERS)
    form = await checked_form(request)
    pot = chosen_pot(request)
    ballot = await backend(request).get("voting", voting_path(round_id, pot, "/ballot"))
    draft = read_draft(form, ballot)
    figures = tally(ballot, draft)
    if text(form, "action") == "preview":
        return await _ballot_page(request, round_id, draft, ballot=ballot)
    check_limits(ballot, draft, figures)
    if draft.errors:
        return await _ballot_page(request, round_id, draft, 422, ballot=ballot)
    path = voting_path(round_id, pot, "/ballots")
    try:
        body = draft.body(ballot["ballot_type"])
        receipt = await send_form(request, "POST", "voting", path, user.token, json=body)
    except FormRefused as refused:
        draft.errors["choices"] = refused.error.detail
        return await _ballot_page(request, round_id, draft, refused.status)
    replaced = "1" if receipt.get("replaced") else "0"
    target = f"/omgangar/{round_id}/kvitto?kod={receipt['receipt']}&ny=1&ersatt={replaced}"
    return RedirectResponse(target, status_code=303)


def receipt_path(round_id: str, code: str) -> str:
    """Voting's check of a receipt code as written: quoted whole, so no code reaches another
    route."""
    return f"/rounds/{round_id}/receipts/{quote(code, safe='')}"


@router.get("/omgangar/{round_id}/kvitto", response_class=HTMLResponse)
async def receipt_page(request: Request, round_id: str, kod: str = "") -> HTMLResponse:
    context = await round_context(request, round_id)
    check = None
    errors: dict[str, str] = {}
    code = kod.strip()
    if code:
        try:
            check = await backend(request).get("voting", receipt_path(round_id, code))
        except ServiceError as error:
            if error.status not in (404, 422):
                raise
            errors["kod"] = gettext(
                "Kvittokoden finns inte. Kontrollera att du skrivit av den rätt."
            )
    context |= {
        "check": check,
        "code": code,
        "errors": errors,
        "new": request.query_params.get("ny") == "1",
        "replaced": request.query_params.get("ersatt") == "1",
    }
    return render(request, "receipt.html", context, 422 if errors else 200)
