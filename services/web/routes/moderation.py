"""Moderation: an official hides an abusive proposal with a reason, and may show it again.

The intake service keeps the reason and who hid the proposal; a hidden proposal leaves every
public list and its page says why it is hidden. The form to hide sits on the proposal's own
page (for officials); the list of hidden proposals, with "visa igen", has a page of its own.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.common.auth import Role
from services.web.deps import backend, require_user
from services.web.forms import FormRefused, send_form, text
from services.web.paging import MAX_PAGE, paged
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.routes.proposals import proposal_context
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
PAGE = "/omgangar/{round_id}/moderering"
PAGE_SIZE = 50


@router.get(PAGE, response_class=HTMLResponse)
async def hidden_proposals(
    request: Request, round_id: str, sida: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1
) -> HTMLResponse:
    user = require_user(request, Role.OFFICIAL)
    context = await round_context(request, round_id)
    page = await backend(request).get(
        "intake",
        f"/rounds/{round_id}/hidden-proposals",
        user.token,
        limit=PAGE_SIZE,
        offset=(sida - 1) * PAGE_SIZE,
    )
    query = request.query_params
    context |= paged(page, sida, PAGE_SIZE, f"{PAGE.format(round_id=round_id)}?sida=")
    context |= {
        "hidden_now": query.get("dolt", ""),
        "shown_now": query.get("visat", ""),
    }
    return render(request, "moderation.html", context)


@router.post("/omgangar/{round_id}/forslag/{proposal_id}/dolj", response_model=None)
async def hide_proposal(request: Request, round_id: str, proposal_id: int) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    path = f"/rounds/{round_id}/proposals/{proposal_id}/hiding"
    reason = text(form, "reason")
    try:
        await send_form(
            request, "PUT", "intake", path, user.token, ("reason",), json={"reason": reason}
        )
    except FormRefused as refused:
        context = await proposal_context(request, round_id, proposal_id)
        context |= {"values": {"reason": reason}, "errors": refused.errors}
        return render(request, "proposal.html", context, refused.status)
    target = f"{PAGE.format(round_id=round_id)}?dolt={proposal_id}"
    return RedirectResponse(target, status_code=303)


@router.post(PAGE + "/{proposal_id}/visa", response_model=None)
async def show_proposal(request: Request, round_id: str, proposal_id: int) -> Response:
    user = require_user(request, Role.OFFICIAL)
    await checked_form(request)
    path = f"/rounds/{round_id}/proposals/{proposal_id}/hiding"
    await backend(request).call("DELETE", "intake", path, user.token)
    target = f"{PAGE.format(round_id=round_id)}?visat={proposal_id}"
    return RedirectResponse(target, status_code=303)
