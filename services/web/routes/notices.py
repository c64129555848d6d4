"""Mina notiser: give an address with consent, change it, or withdraw and erase it with one
button; and the page an unsubscribe link in a message opens.

The notify service owns the data and every rule; these pages only show its answers."""

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.common.auth import Role
from services.web.backend import ServiceError
from services.web.deps import backend, require_user
from services.web.forms import FormRefused, form_values, send_form, text
from services.web.rendering import render
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
PAGE = "/notiser"
FIELDS = ("email", "name", "language", "mailbox", "invitations", "official_notices", "consent")
CHECKBOXES = ("mailbox", "invitations", "official_notices", "consent")


async def _page(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> HTMLResponse:
    user = require_user(request)
    consent = await backend(request).get("notify", "/consent-text")
    context = {
        "values": values,
        "errors": errors,
        "consent": consent,
        "staff": user.is_staff or user.has(Role.OPERATIONS),
        "follow": _follow_of(request.query_params.get("folj", "")),
        "saved": request.query_params.get("sparat") == "1",
        "erased": request.query_params.get("raderat") == "1",
    }
    return render(request, "notices.html", context, status)


# A proposal to follow once the address is saved: ``<round id>/<proposal id>``, from the
# proposal's receipt page.
FOLLOW = re.compile(r"^([a-z0-9][a-z0-9-]{0,63})/([1-9][0-9]{0,8})$")


def _follow_of(value: str) -> str:
    return value if FOLLOW.match(value) else ""


def _as_form(contact: dict[str, Any] | None) -> dict[str, Any]:
    if contact is None:
        return {"language": "sv", "invitations": "on", "has_contact": False}
    values = {key: contact.get(key) or "" for key in ("email", "name", "language")}
    for box in ("mailbox", "invitations", "official_notices"):
        values[box] = "on" if contact.get(box) else ""
    return values | {"consent": "on", "has_contact": True}


async def follow_proposal(request: Request, token: str, round_id: str, proposal_id: int) -> None:
    """After a proposal is made: its proposer hears what becomes of it, if they gave an
    address (``Mina notiser``); without one, or with notify down, nothing happens."""
    body = {"round_id": round_id, "proposal_id": proposal_id}
    try:
        await backend(request).call("POST", "notify", "/contacts/me/follows", token, json=body)
    except ServiceError:
        return


@router.get(PAGE, response_class=HTMLResponse)
async def notices_page(request: Request) -> HTMLResponse:
    user = require_user(request)
    contact = await backend(request).get_or_none("notify", "/contacts/me", user.token)
    return await _page(request, _as_form(contact), {})


@router.post(PAGE, response_model=None)
async def give_contact(request: Request) -> Response:
    user = require_user(request)
    form = await checked_form(request)
    body = {
        "email": text(form, "email") or None,
        "name": text(form, "name") or None,
        "language": text(form, "language") or "sv",
        **{box: form.get(box) == "on" for box in CHECKBOXES},
        "consent_version": text(form, "consent_version"),
    }
    try:
        await send_form(request, "PUT", "notify", "/contacts/me", user.token, FIELDS, json=body)
    except FormRefused as refused:
        return await _page(request, form_values(form), refused.errors, refused.status)
    found = FOLLOW.match(text(form, "follow"))
    if found:  # given from the proposal's receipt: hear what becomes of it
        await follow_proposal(request, user.token, found.group(1), int(found.group(2)))
    return RedirectResponse(f"{PAGE}?sparat=1", status_code=303)


@router.post(f"{PAGE}/radera", response_model=None)
async def erase_contact(request: Request) -> Response:
    """Withdraws consent and erases the address, name and follows: one click, one call."""
    user = require_user(request)
    await checked_form(request)
    await backend(request).call("DELETE", "notify", "/contacts/me", user.token)
    return RedirectResponse(f"{PAGE}?raderat=1", status_code=303)


@router.get("/avregistrera", response_class=HTMLResponse)
async def unsubscribe_page(request: Request, token: str = "") -> HTMLResponse:
    return render(request, "unsubscribe.html", {"token": token, "done": None, "problem": None})


@router.post("/avregistrera", response_model=None)
async def unsubscribe(request: Request, token: str = "") -> HTMLResponse:
    """The page's button, or a mail program's one-click POST (RFC 8058, the token in the
    address). No CSRF token: the signed link is the proof, and it can only stop messages."""
    form = await request.form()
    sent = form.get("token")
    token = sent if isinstance(sent, str) and sent else token
    try:
        done = await backend(request).call("POST", "notify", "/unsubscribe", json={"token": token})
    except ServiceError as error:
        if error.status not in (400, 410, 422):
            raise
        context = {"token": "", "done": None, "problem": error.detail}
        return render(
            request, "unsubscribe.html", context, 400 if error.status == 422 else error.status
        )
    return render(request, "unsubscribe.html", {"token": "", "done": done, "problem": None})
