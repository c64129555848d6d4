"""Proposals: residents, companies and associations submit them (officials on their behalf);
anyone may read and search those that are not hidden."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import ColumnElement, and_
from sqlmodel import col

from services.common.auth import Principal, Role
from services.common.db import fetch_page
from services.common.deps import PageDep, ProposalIdPath, SessionDep, SettingsDep
from services.common.kommun_access import require_roles_in_kommun
from services.common.pages import PageOf
from services.common.pseudonym import pseudonymize
from services.common.rounds import load_round
from services.common.types import CODE_PATTERN, utc_now
from services.common.validation import invalid_fields
from services.common.versioning import set_etag
from services.intake.meeting_models import meeting_problem
from services.intake.models import IntakeRound, Proposal
from services.intake.proposal_store import (
    content_values,
    ensure_visible,
    load_proposal,
    proposal_public,
    search_text,
)
from services.intake.proposers import proposer_age_band, proposer_area
from services.intake.round_state import ROUND_KOMMUN, ensure_open
from services.intake.rules import check_entry, content_errors, kind_errors, own_number_errors
from services.intake.schemas import ProposalCreate, ProposalPublic

router = APIRouter(prefix="/rounds/{round_id}/proposals", tags=["förslag"])

# An official enters proposals (from phone, mail, meetings) for their own kommun only.
ProposerDep = Annotated[
    Principal,
    Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.RESIDENT, Role.COMPANY, Role.OFFICIAL)),
]
MAX_SEARCH_TERMS = 10


@router.post(
    "",
    status_code=201,
    response_model=ProposalPublic,
    summary="Lämna ett förslag",
    description="För invånare, personer som arbetar i kommunen, företag och föreningar (kanal "
    "`web`), eller en tjänsteperson som för in ett förslag som kommit per telefon, brev eller "
    "på möte. Går bara medan omgången tar emot förslag. Id-numret kontrolleras och sparas bara "
    "pseudonymiserat; namnet visas bara om `publish_name` är sant.",
)
def submit_proposal(
    round_id: str,
    body: ProposalCreate,
    proposer: ProposerDep,
    session: SessionDep,
    settings: SettingsDep,
) -> ProposalPublic:
    round_ = load_round(session, IntakeRound, round_id, lock=True)
    now = utc_now()
    ensure_open(round_, now)
    check_entry(proposer, body.proposer_kind, body.channel)
    errors = kind_errors(round_, body.proposer_kind) | content_errors(round_, body)
    if body.channel == "web":
        errors |= own_number_errors(proposer, body.proposer_kind, body.identity_number, now.date())
    if problem := meeting_problem(session, round_id, body.channel, body.meeting_id):
        errors["meeting_id"] = problem
    area, area_errors = proposer_area(round_, body.proposer_area, proposer, body.channel == "web")
    errors |= area_errors
    if errors:
        raise invalid_fields(errors)
    secret = settings.pseudonym_secret
    proposal = Proposal(
        **content_values(body),
        search_text=search_text(body),
        round_id=round_id,
        proposer_kind=body.proposer_kind,
        proposer_key=pseudonymize(secret, body.identity_number, round_id),
        owner_key=pseudonymize(secret, proposer.subject, round_id),
        channel=body.channel,
        meeting_id=body.meeting_id,
        proposer_area=area,
        proposer_age_band=proposer_age_band(body.proposer_kind, body.identity_number, now.date()),
        entered_by=(proposer.name or "okänd") if body.channel != "web" else None,
        created_at=now,
        updated_at=now,
    )
    session.add(proposal)
    session.commit()
    session.refresh(proposal)
    return proposal_public(proposal)


def _matches(query: str) -> ColumnElement[bool]:
    """Every word of the query occurs in the title, description or location, any case."""
    terms = query.casefold().split()[:MAX_SEARCH_TERMS]
    return and_(*(col(Proposal.search_text).contains(term, autoescape=True) for term in terms))


@router.get(
    "",
    response_model=PageOf[ProposalPublic],
    summary="Lista och sök förslagen i en omgång",
    description="Äldst först, en sida i taget (`limit`, `offset`). `q` söker ord i rubrik, "
    "text och plats; `category`, `area` och `status` filtrerar. Dolda förslag visas aldrig.",
)
def list_proposals(
    round_id: str,
    session: SessionDep,
    page: PageDep,
    q: Annotated[str, Query(max_length=200, description="Sökord")] = "",
    category: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    area: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    status: Literal["submitted", "withdrawn"] = "submitted",
) -> PageOf[ProposalPublic]:
    load_round(session, IntakeRound, round_id)
    withdrawn = col(Proposal.withdrawn_at)
    conditions = [
        col(Proposal.round_id) == round_id,
        col(Proposal.hidden_at).is_(None),
        withdrawn.is_not(None) if status == "withdrawn" else withdrawn.is_(None),
    ]
    if q.strip():
        conditions.append(_matches(q))
    if category is not None:
        conditions.append(col(Proposal.category) == category)
    if area is not None:
        conditions.append(col(Proposal.area) == area)
    proposals, total = fetch_page(session, Proposal, and_(*conditions), col(Proposal.id), page)
    return PageOf.of([proposal_public(p) for p in proposals], total, page)


@router.get(
    "/{proposal_id}",
    response_model=ProposalPublic,
    summary="Visa ett förslag",
    description="Ett dolt förslag ger 410 `proposal-hidden` med skälet.",
)
def get_proposal(
    round_id: str, proposal_id: ProposalIdPath, session: SessionDep, response: Response
) -> ProposalPublic:
    proposal = load_proposal(session, round_id, proposal_id)
    set_etag(response, proposal.version)
    ensure_visible(proposal)
    return proposal_public(proposal)
