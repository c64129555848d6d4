"""Questions and answers under a proposal: ask or comment, answer, report an entry. Every
form posts without JavaScript and comes back with the service's reason beside its field."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.common.auth import Role
from services.common.principal import DISCUSSANTS
from services.web.deps import backend, require_user
from services.web.discussion import ROLE_NAMES, thread_context
from services.web.forms import FormRefused, form_values, send_form, text
from services.web.paging import page_number, paged
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.routes.proposals import proposal_context
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
PROPOSAL = "/omgangar/{round_id}/forslag/{proposal_id}"


def _back(round_id: str, proposal_id: int, flag: str, anchor: str) -> RedirectResponse:
    target = f"{PROPOSAL.format(round_id=round_id, proposal_id=proposal_id)}?{flag}=1#{anchor}"
    return RedirectResponse(target, status_code=303)


async def _again(
    request: Request, round_id: str, proposal_id: int, values: dict[str, str], refused: FormRefused
) -> HTMLResponse:
    context = await proposal_context(request, round_id, proposal_id)
    context |= await thread_context(request, round_id, proposal_id, values, refused.errors)
    return render(request, "proposal.html", context, refused.status)


@router.post(PROPOSAL + "/fragor", response_model=None)
async def ask(request: Request, round_id: str, proposal_id: int) -> Response:
    user = require_user(request, *DISCUSSANTS)
    form = await checked_form(request)
    body = {
        "text": text(form, "text"),
        "kind": text(form, "kind") or "question",
        "publish_name": form.get("publish_name") == "on",
    }
    path = f"/rounds/{round_id}/proposals/{proposal_id}/comments"
    try:
        posted = await send_form(
            request, "POST", "intake", path, user.token, ("text", "kind"), json=body
        )
    except FormRefused as refused:
        return await _again(request, round_id, proposal_id, form_values(form), refused)
    return _back(round_id, proposal_id, "fragat", f"inlagg-{posted['id']}")


@router.post(PROPOSAL + "/fragor/{comment_id}/svar", response_model=None)
async def answer(request: Request, round_id: str, proposal_id: int, comment_id: int) -> Response:
    user = require_user(request, *DISCUSSANTS)
    form = await checked_form(request)
    field = f"answer_{comment_id}"
    body = {"text": text(form, field), "parent_id": comment_id}
    path = f"/rounds/{round_id}/proposals/{proposal_id}/comments"
    try:
        await send_form(request, "POST", "intake", path, user.token, {"text": field}, json=body)
    except FormRefused as refused:
        # Not one who answers, a hidden entry: the page offers no answer form there, so the
        # reason stands in the summary at the top (``_form``), not beside a missing field.
        return await _again(request, round_id, proposal_id, form_values(form), refused)
    return _back(round_id, proposal_id, "svarat", f"inlagg-{comment_id}")


@router.get(PROPOSAL + "/fragor/{comment_id}/anmal", response_class=HTMLResponse)
async def report_form(
    request: Request, round_id: str, proposal_id: int, comment_id: int
) -> HTMLResponse:
    require_user(request, *DISCUSSANTS)
    context = await round_context(request, round_id)
    context |= {"proposal_id": proposal_id, "comment_id": comment_id, "values": {}, "errors": {}}
    return render(request, "comment_report.html", context)


@router.post(PROPOSAL + "/fragor/{comment_id}/anmal", response_model=None)
async def report(request: Request, round_id: str, proposal_id: int, comment_id: int) -> Response:
    user = require_user(request, *DISCUSSANTS)
    form = await checked_form(request)
    path = f"/rounds/{round_id}/comments/{comment_id}/reports"
    body = {"reason": text(form, "reason")}
    try:
        await send_form(request, "POST", "intake", path, user.token, ("reason",), json=body)
    except FormRefused as refused:
        context = await round_context(request, round_id)
        context |= {
            "proposal_id": proposal_id,
            "comment_id": comment_id,
            "values": form_values(form),
            "errors": refused.errors,
        }
        return render(request, "comment_report.html", context, refused.status)
    return _back(round_id, proposal_id, "anmalt", f"inlagg-{comment_id}")


MODERATION = "/omgangar/{round_id}/moderering/inlagg"
PAGE_SIZE = 50


async def _moderation_page(
    request: Request,
    round_id: str,
    values: dict[str, str] | None = None,
    refused: FormRefused | None = None,
) -> HTMLResponse:
    user = require_user(request, Role.OFFICIAL)
    context = await round_context(request, round_id)
    number = page_number(request.query_params.get("sida"))
    page = await backend(request).get(
        "intake",
        f"/rounds/{round_id}/reported-comments",
        user.token,
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    context |= paged(page, number, PAGE_SIZE, f"{MODERATION.format(round_id=round_id)}?sida=")
    context |= {
        "values": values or {},
        "errors": refused.errors if refused else {},
        "role_names": ROLE_NAMES,
        "done": request.query_params.get("klart", ""),
    }
    status = refused.status if refused else 200
    return render(request, "comment_moderation.html", context, status)


@router.get(MODERATION, response_class=HTMLResponse)
async def reported_comments(request: Request, round_id: str) -> HTMLResponse:
    """Officials: the reported and hidden entries, to hide with a reason or show again."""
    return await _moderation_page(request, round_id)


@router.post(MODERATION + "/{comment_id}/dolj", response_model=None)
async def hide_comment(request: Request, round_id: str, comment_id: int) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    path = f"/rounds/{round_id}/comments/{comment_id}/hiding"
    field = f"reason_{comment_id}"
    body = {"reason": text(form, field)}
    try:
        await send_form(request, "PUT", "intake", path, user.token, {"reason": field}, json=body)
    except FormRefused as refused:
        return await _moderation_page(request, round_id, form_values(form), refused)
    target = f"{MODERATION.format(round_id=round_id)}?klart={comment_id}"
    return RedirectResponse(target, status_code=303)


@router.post(MODERATION + "/{comment_id}/visa", response_model=None)
async def show_comment(request: Request, round_id: str, comment_id: int) -> Response:
    user = require_user(request, Role.OFFICIAL)
    await checked_form(request)
    path = f"/rounds/{round_id}/comments/{comment_id}/hiding"
    await backend(request).call("DELETE", "intake", path, user.token)
    target = f"{MODERATION.format(round_id=round_id)}?klart={comment_id}"
    return RedirectResponse(target, status_code=303)
