"""Paper ballots entered by an official at a polling place, one voter after another.

The official checks the voter's identity document and the electoral roll, then enters the
personnummer (or a company's organisationsnummer) and the ballot as marked. The voting service
applies the online ballot's rules; the page answers with the receipt code to hand the voter and
an empty form for the next one, with the polling place kept.
"""

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from services.common.auth import Role
from services.web.backend import ServiceError
from services.web.ballot_form import BallotDraft, check_limits, read_draft, tally
from services.web.deps import backend, require_user
from services.web.forms import FORM_LEVEL, FormRefused, field_errors, form_values, send_form, text
from services.web.i18n import gettext
from services.web.rendering import render
from services.web.routes.ballot import ballot_context, receipt_path
from services.web.session import checked_form

router = APIRouter(include_in_schema=False)
PATH = "/omgangar/{round_id}/pappersroster"
VOTER_FIELDS = ("voter", "voter_kind", "kommun", "area", "polling_place")
# Refusals about the voter rather than the ballot: the message goes beside the number.
VOTER_CODES = ("not-eligible", "paper-ballot-exists")


async def _page(
    request: Request,
    round_id: str,
    draft: BallotDraft,
    values: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    context, is_open = await ballot_context(request, round_id, draft)
    if not is_open:
        return render(request, "ballot_closed.html", context)
    named = {str(area["id"]): str(area["name"]) for area in context["round"].get("areas", [])}
    context |= {
        "area_options": [(a, named.get(a, a)) for a in context["ballot"]["eligibility"]["areas"]],
        "values": values,
        "receipt": await _recorded(request, round_id) if request.method == "GET" else "",
        "replaced": request.query_params.get("ersatt") == "1",
    }
    return render(request, "paper_ballot.html", context, status_code)


async def _recorded(request: Request, round_id: str) -> str:
    """The receipt code of the ballot just entered, shown only once the voting service confirms
    that it counts (the code comes back in the address, which anyone could write)."""
    code = request.query_params.get("kvitto", "").strip()
    if not code:
        return ""
    try:
        check = await backend(request).get("voting", receipt_path(round_id, code))
    except ServiceError as error:
        if error.status not in (404, 422):
            raise
        return ""
    return code if check.get("counted") else ""


@router.get(PATH, response_class=HTMLResponse)
async def paper_ballot_page(request: Request, round_id: str) -> HTMLResponse:
    require_user(request, Role.OFFICIAL)
    values = {"voter_kind": "person", "polling_place": request.query_params.get("lokal", "")}
    return await _page(request, round_id, BallotDraft(), values)


@router.post(PATH, response_model=None)
async def enter_paper_ballot(request: Request, round_id: str) -> Response:
    user = require_user(request, Role.OFFICIAL)
    form = await checked_form(request)
    ballot = await backend(request).get("voting", f"/rounds/{round_id}/ballot")
    draft = read_draft(form, ballot)
    values = form_values(form)
    if text(form, "action") == "preview":
        return await _page(request, round_id, draft, values)
    check_limits(ballot, draft, tally(ballot, draft))
    _check_voter(form, draft.errors)
    if draft.errors:
        return await _page(request, round_id, draft, values, 422)
    body = {**draft.body(ballot["ballot_type"]), **_voter(form)}
    path = f"/rounds/{round_id}/paper-ballots"
    try:
        receipt = await send_form(request, "POST", "voting", path, user.token, json=body)
    except FormRefused as refused:
        draft.errors.update(_refusal(refused.error))
        return await _page(request, round_id, draft, values, refused.status)
    query = urlencode(
        {
            "kvitto": receipt["receipt"],
            "ersatt": "1" if receipt.get("replaced") else "0",
            "lokal": body["polling_place"],
        }
    )
    return RedirectResponse(f"{PATH.format(round_id=round_id)}?{query}", status_code=303)


def _check_voter(form: FormData, errors: dict[str, str]) -> None:
    """What the page can tell before asking the service: the fields it needs are there."""
    if not text(form, "voter"):
        errors["voter"] = gettext(
            "Ange väljarens personnummer eller företagets organisationsnummer."
        )
    if len(text(form, "polling_place")) < 2:
        errors["polling_place"] = gettext("Ange röstlokalen.")


def _voter(form: FormData) -> dict[str, str | None]:
    """The voter as the official identified them; empty optional fields are left out."""
    return {
        "voter": text(form, "voter"),
        "voter_kind": "company" if text(form, "voter_kind") == "company" else "person",
        "kommun": text(form, "kommun") or None,
        "area": text(form, "area") or None,
        "polling_place": text(form, "polling_place"),
    }


def _refusal(error: ServiceError) -> dict[str, str]:
    """The service's refusal beside the field it concerns; a ballot rule's beside the ballot."""
    if error.code in VOTER_CODES:
        return {"voter": error.detail}
    errors = field_errors(error, (*VOTER_FIELDS, "choices", "points"))
    if "points" in errors:
        errors["choices"] = errors.pop("points")
    if FORM_LEVEL in errors and error.status == 422 and not error.fields:
        errors["choices"] = errors.pop(FORM_LEVEL)  # a ballot rule broken
    return errors
