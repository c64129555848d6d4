"""Proposers change or withdraw their own proposals, until intake closes."""

from datetime import datetime

from fastapi import APIRouter, Response
from sqlmodel import Session, SQLModel

from services.common.auth import Principal
from services.common.deps import ProposalIdPath, SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.rounds import load_round
from services.common.settings import ServiceSettings
from services.common.types import utc_now
from services.common.validation import invalid_fields
from services.common.versioning import IfMatch, check_if_match, set_etag
from services.intake.models import IntakeRound, Proposal, ProposalContent
from services.intake.proposal_store import (
    ensure_may_change,
    load_proposal,
    proposal_public,
    write_content,
)
from services.intake.round_state import ensure_open
from services.intake.routes.proposals import ProposerDep
from services.intake.rules import content_errors
from services.intake.schemas import ProposalPublic

router = APIRouter(prefix="/rounds/{round_id}/proposals/{proposal_id}", tags=["förslag"])


class MayChange(SQLModel):
    may_change: bool


@router.get(
    "/may-change",
    response_model=MayChange,
    summary="Får jag ändra förslaget?",
    description="Om den inloggade får ändra och återta förslaget (det är hens eget, eller en "
    "tjänsteperson för ett förslag som kom per telefon, brev eller möte); sidan visar "
    "knapparna bara då.",
)
def may_change(
    round_id: str,
    proposal_id: ProposalIdPath,
    proposer: ProposerDep,
    session: SessionDep,
    settings: SettingsDep,
) -> MayChange:
    proposal = load_proposal(session, round_id, proposal_id)
    try:
        ensure_may_change(proposal, proposer, settings.pseudonym_secret)
    except Problem:
        return MayChange(may_change=False)
    return MayChange(may_change=True)


def _open_for_change(
    session: Session,
    settings: ServiceSettings,
    round_id: str,
    proposal_id: int,
    proposer: Principal,
) -> tuple[IntakeRound, Proposal, datetime]:
    """The round locked and still open, and the proposal, which must be the caller's own."""
    round_ = load_round(session, IntakeRound, round_id, lock=True)
    now = utc_now()
    ensure_open(round_, now)
    proposal = load_proposal(session, round_id, proposal_id)
    ensure_may_change(proposal, proposer, settings.pseudonym_secret)
    return round_, proposal, now


@router.put(
    "",
    response_model=ProposalPublic,
    summary="Ändra ett förslag",
    description="Hela innehållet ersätts och prövas mot omgångens regler som vid inlämning. "
    "Vem som lämnat förslaget, id-numret och kanalen går inte att ändra. Går till sista dagen "
    "(därefter 409 `intake-closed`); ett återtaget förslag går inte att ändra. Skicka "
    "`If-Match` med versionen från ETag så nekas ändringen (409 `edit-conflict`) om någon "
    "annan hunnit ändra förslaget.",
)
def edit_proposal(
    round_id: str,
    proposal_id: ProposalIdPath,
    body: ProposalContent,
    proposer: ProposerDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> ProposalPublic:
    round_, proposal, now = _open_for_change(session, settings, round_id, proposal_id, proposer)
    check_if_match(if_match, proposal.version)
    if proposal.withdrawn_at is not None:
        raise Problem(
            409,
            f"Förslag {proposal_id} är återtaget och kan inte ändras. Lämna ett nytt förslag.",
            code="proposal-withdrawn",
        )
    errors = content_errors(round_, body)
    if errors:
        raise invalid_fields(errors)
    write_content(proposal, body, now)
    session.add(proposal)
    session.commit()
    session.refresh(proposal)
    set_etag(response, proposal.version)
    return proposal_public(proposal)


@router.post(
    "/withdrawal",
    response_model=ProposalPublic,
    summary="Återta ett förslag",
    description="Förslaget går då inte vidare till bedömning. Går till sista dagen (därefter "
    "409 `intake-closed`); att återta igen ändrar inget.",
)
def withdraw_proposal(
    round_id: str,
    proposal_id: ProposalIdPath,
    proposer: ProposerDep,
    session: SessionDep,
    settings: SettingsDep,
) -> ProposalPublic:
    _, proposal, now = _open_for_change(session, settings, round_id, proposal_id, proposer)
    if proposal.withdrawn_at is None:
        proposal.withdrawn_at = now
        proposal.updated_at = now
        session.add(proposal)
        session.commit()
        session.refresh(proposal)
    return proposal_public(proposal)
