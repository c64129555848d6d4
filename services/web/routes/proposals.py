"""Proposals: list and search, one proposal, submit and edit (residents and companies)."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from services.common.auth import Role
from services.web.backend import ServiceError
from services.web.deps import backend, require_user
from services.web.discussion import thread_context
from services.web.forms import FormRefused, form_values, send_form, text, whole_kronor
from services.web.i18n import N_, gettext, language, translate
from services.web.paging import MAX_PAGE, paged
from services.web.proposal_pots import pot_options
from services.web.rendering import render
from services.web.routes.home import round_context
from services.web.routes.notices import follow_proposal
from services.web.session import User, checked_form, current_user
from services.web.together import together

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
PROPOSERS = (Role.RESIDENT, Role.COMPANY)
FIELDS = (
    "title",
    "description",
    "category",
    "area",
    "pot",
    "location",
    "cost_estimate",
    "local_business_benefit",
    "proposer_kind",
    "identity_number",
    "proposer_name",
    "publish_name",
)
KIND_NAMES = {
    "resident": N_("Invånare"),
    "worker": N_("Arbetar i kommunen"),
    "company": N_("Företag"),
    "association": N_("Förening"),
}


@router.get("/omgangar/{round_id}/forslag", response_class=HTMLResponse)
async def proposal_list(
    request: Request,
    round_id: str,
    q: str = "",
    category: str = "",
    area: str = "",
    sida: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> HTMLResponse:
    context = await round_context(request, round_id)
    params: dict[str, Any] = {
        k: v for k, v in {"q": q, "category": category, "area": area}.items() if v
    }
    page = await backend(request).get(
        "intake",
        f"/rounds/{round_id}/proposals",
        **params,
        limit=PAGE_SIZE,
        offset=(sida - 1) * PAGE_SIZE,
    )
    link = f"/omgangar/{round_id}/forslag?" + urlencode(params | {"sida": ""})
    context |= paged(page, sida, PAGE_SIZE, link)
    context |= {"q": q, "category": category, "area": area}
    return render(request, "proposals.html", context)


@router.get("/omgangar/{round_id}/forslag/nytt", response_class=HTMLResponse)
async def new_proposal(request: Request, round_id: str) -> HTMLResponse:
    user = require_user(request, *PROPOSERS)
    context = await round_context(request, round_id)
    values = {"proposer_kind": _default_kind(user), "identity_number": _identity(user)}
    return _form_page(request, context, values, {}, user, editing=None)


@router.post("/omgangar/{round_id}/forslag/nytt", response_model=None)
async def submit_proposal(request: Request, round_id: str) -> Response:
    user = require_user(request, *PROPOSERS)
    form = await checked_form(request)
    context = await round_context(request, round_id)
    errors: dict[str, str] = {}
    body = _content(form, context["round"], errors) | {
        "proposer_kind": text(form, "proposer_kind") or _default_kind(user),
        "identity_number": text(form, "identity_number"),
    }
    path = f"/rounds/{round_id}/proposals"
    created, errors = await _send(request, "POST", path, user.token, body, errors)
    if created is not None:
        await follow_proposal(request, user.token, round_id, int(created["id"]))
        target = f"/omgangar/{round_id}/forslag/{created['id']}?skickat=1"
        return RedirectResponse(target, status_code=303)
    return _form_page(request, context, form_values(form), errors, user, editing=None)


@router.get("/omgangar/{round_id}/forslag/{proposal_id}", response_class=HTMLResponse)
async def proposal_page(request: Request, round_id: str, proposal_id: int) -> HTMLResponse:
    return render(request, "proposal.html", await proposal_context(request, round_id, proposal_id))


async def proposal_context(request: Request, round_id: str, proposal_id: int) -> dict[str, Any]:
    """The proposal with the municipality's assessment; ``values`` and ``errors`` belong to the
    officials' form to hide it (``routes.moderation``)."""
    client = backend(request)
    context: dict[str, Any]
    context, proposal, assessment = await together(
        round_context(request, round_id),
        client.get("intake", f"/rounds/{round_id}/proposals/{proposal_id}"),
        client.get_optional("assessment", f"/rounds/{round_id}/assessments/{proposal_id}"),
    )
    return (
        context
        | {
            "proposal": proposal,
            "assessment": assessment,
            "may_change": await _may_change(request, context, proposal),
            "kinds": KIND_NAMES,
            "sent": request.query_params.get("skickat") == "1",
            "changed": request.query_params.get("andrat") == "1",
            "withdrawn": request.query_params.get("atertaget") == "1",
            "values": {},
            "errors": {},
        }
        | await thread_context(request, round_id, proposal_id)
    )


async def _may_change(request: Request, context: dict[str, Any], proposal: dict[str, Any]) -> bool:
    """Change and withdraw are offered only to the proposer (intake knows who that is), while
    intake is open and the proposal stands."""
    user = current_user(request)
    status = context.get("status") or {}
    if not user or not user.has(*PROPOSERS) or status.get("phase") != "INTAKE":
        return False
    if proposal.get("status") != "submitted":
        return False
    path = f"/rounds/{context['round_id']}/proposals/{proposal['id']}/may-change"
    try:
        answer = await backend(request).get("intake", path, user.token)
    except ServiceError as error:
        if error.status in (401, 403, 404, 409, 503):
            return False
        raise
    return bool(answer.get("may_change"))


@router.get("/omgangar/{round_id}/forslag/{proposal_id}/andra", response_class=HTMLResponse)
async def edit_proposal(request: Request, round_id: str, proposal_id: int) -> HTMLResponse:
    user = require_user(request, *PROPOSERS)
    context = await round_context(request, round_id)
    proposal = await backend(request).get("intake", f"/rounds/{round_id}/proposals/{proposal_id}")
    values = {k: v for k, v in proposal.items() if v is not None}
    values["publish_name"] = "on" if proposal.get("proposer_name") else ""
    return _form_page(request, context, values, {}, user, editing=proposal_id)


@router.post("/omgangar/{round_id}/forslag/{proposal_id}/andra", response_model=None)
async def save_proposal(request: Request, round_id: str, proposal_id: int) -> Response:
    user = require_user(request, *PROPOSERS)
    form = await checked_form(request)
    context = await round_context(request, round_id)
    errors: dict[str, str] = {}
    body = _content(form, context["round"], errors)
    path = f"/rounds/{round_id}/proposals/{proposal_id}"
    saved, errors = await _send(request, "PUT", path, user.token, body, errors)
    if saved is not None:
        target = f"/omgangar/{round_id}/forslag/{proposal_id}?andrat=1"
        return RedirectResponse(target, status_code=303)
    return _form_page(request, context, form_values(form), errors, user, editing=proposal_id)


@router.post("/omgangar/{round_id}/forslag/{proposal_id}/aterta", response_model=None)
async def withdraw_proposal(request: Request, round_id: str, proposal_id: int) -> Response:
    """The proposer takes the proposal back while intake is open."""
    user = require_user(request, *PROPOSERS)
    await checked_form(request)
    path = f"/rounds/{round_id}/proposals/{proposal_id}/withdrawal"
    await backend(request).call("POST", "intake", path, user.token)
    target = f"/omgangar/{round_id}/forslag/{proposal_id}?atertaget=1"
    return RedirectResponse(target, status_code=303)


async def _send(
    request: Request,
    method: str,
    path: str,
    token: str,
    body: dict[str, Any],
    errors: dict[str, str],
) -> tuple[Any, dict[str, str]]:
    """Send the proposal even when the form already found a mistake (an amount that is not a
    number goes as null, which intake always refuses), so that every field's message shows at
    once; the form's own message wins for its field."""
    try:
        answer = await send_form(request, method, "intake", path, token, FIELDS, json=body)
    except FormRefused as refused:
        return None, refused.errors | errors
    if errors:  # cannot happen while intake refuses a null cost; never hide a mistake
        return None, errors
    return answer, {}


def _content(form: FormData, round_: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """The proposal's content as intake takes it; the service checks the round's rules.

    Only what a person must choose is checked here, so that an empty choice gets a message
    in words rather than the service's pattern."""
    if round_.get("categories") and not text(form, "category"):
        errors["category"] = gettext("Välj en kategori.")
    if round_.get("areas") and not text(form, "area"):
        errors["area"] = gettext("Välj ett område.")
    if round_.get("pots") and not text(form, "pot"):
        errors["pot"] = gettext("Välj vilken pott förslaget gäller.")
    if round_.get("local_business_benefit_required") and not text(form, "local_business_benefit"):
        errors["local_business_benefit"] = gettext(
            "Beskriv hur förslaget gynnar det lokala näringslivet."
        )
    return {
        "title": text(form, "title"),
        "description": text(form, "description"),
        "category": text(form, "category"),
        "area": text(form, "area") or None,
        **({"pot": text(form, "pot") or None} if round_.get("pots") else {}),
        "location": text(form, "location"),
        "cost_estimate": whole_kronor(form, "cost_estimate", errors),
        "local_business_benefit": text(form, "local_business_benefit"),
        "proposer_name": text(form, "proposer_name"),
        "publish_name": form.get("publish_name") == "on",
    }


def _default_kind(user: User) -> str:
    return "company" if user.has(Role.COMPANY) else "resident"


def _identity(user: User) -> str:
    """What the eID asserted: a company's organisationsnummer, else the personnummer."""
    if user.has(Role.COMPANY):
        return str(user.principal.claims.get("organisationsnummer", ""))
    return user.principal.subject


def _allowed_kinds(user: User, round_: dict[str, Any]) -> list[str]:
    own = (
        ("company", "association")
        if user.has(Role.COMPANY)
        else (
            "resident",
            "worker",
            "association",
        )
    )
    return [kind for kind in own if kind in round_.get("proposer_kinds", own)]


def _form_page(
    request: Request,
    context: dict[str, Any],
    values: dict[str, Any],
    errors: dict[str, str],
    user: User,
    editing: int | None,
) -> HTMLResponse:
    lang = language(request)
    allowed = _allowed_kinds(user, context["round"])
    kinds = [(kind, translate(lang, KIND_NAMES[kind])) for kind in allowed]
    context |= {"values": values, "errors": errors, "kinds": kinds, "editing": editing}
    context["pot_options"] = pot_options(context["round"], user)
    return render(request, "proposal_form.html", context, 422 if errors else 200)
