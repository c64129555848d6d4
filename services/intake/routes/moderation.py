"""Moderation: officials hide an abusive proposal, with a recorded reason, and may show it again.

A hidden proposal drops out of every public list and its page answers 410 with the reason. Hiding
is possible in any phase: abuse may be noticed late. Hidden before intake closes, a proposal is
left out of assessment; hidden later, it stays in assessment (the assessors reject it publicly).
"""

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlmodel import Session, col

from services.common.auth import Principal, Role
from services.common.db import fetch_page
from services.common.deps import PageDep, ProposalIdPath, SessionDep
from services.common.kommun_access import require_roles_in_kommun
from services.common.pages import PageOf
from services.common.rounds import load_round
from services.common.types import utc_now
from services.intake.hiding import apply_hiding
from services.intake.models import IntakeRound, Proposal
from services.intake.proposal_store import load_proposal, proposal_moderated
from services.intake.round_state import ROUND_KOMMUN
from services.intake.schemas import HidingRequest, ProposalModerated

router = APIRouter(prefix="/rounds/{round_id}", tags=["moderering"])
OfficialDep = Annotated[Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.OFFICIAL))]


def _set_hidden(
    session: Session, round_id: str, proposal_id: int, hiding: tuple[str, str] | None
) -> ProposalModerated:
    """Hide with (reason, official's name), or show again with ``None``."""
    load_round(session, IntakeRound, round_id, lock=True)
    proposal = load_proposal(session, round_id, proposal_id)
    now = utc_now()
    apply_hiding(proposal, hiding, now)
    proposal.updated_at = now
    session.add(proposal)
    session.commit()
    session.refresh(proposal)
    return proposal_moderated(proposal)


@router.put(
    "/proposals/{proposal_id}/hiding",
    response_model=ProposalModerated,
    summary="Dölj ett kränkande förslag",
    description="Skälet sparas tillsammans med vem som dolde förslaget och visas för den som "
    "öppnar förslaget. Samma anrop igen ersätter skälet.",
)
def hide_proposal(
    round_id: str,
    proposal_id: ProposalIdPath,
    body: HidingRequest,
    official: OfficialDep,
    session: SessionDep,
) -> ProposalModerated:
    hiding = (body.reason, official.name or "okänd")
    return _set_hidden(session, round_id, proposal_id, hiding)


@router.delete(
    "/proposals/{proposal_id}/hiding",
    response_model=ProposalModerated,
    summary="Visa ett dolt förslag igen",
)
def show_proposal(
    round_id: str, proposal_id: ProposalIdPath, _official: OfficialDep, session: SessionDep
) -> ProposalModerated:
    return _set_hidden(session, round_id, proposal_id, None)


@router.get(
    "/hidden-proposals",
    response_model=PageOf[ProposalModerated],
    summary="Lista dolda förslag",
    description="För tjänstepersoner: de dolda förslagen med skäl, äldst först.",
)
def list_hidden(
    round_id: str, _official: OfficialDep, session: SessionDep, page: PageDep
) -> PageOf[ProposalModerated]:
    load_round(session, IntakeRound, round_id)
    where = (col(Proposal.round_id) == round_id) & col(Proposal.hidden_at).is_not(None)
    proposals, total = fetch_page(session, Proposal, where, col(Proposal.id), page)
    return PageOf.of([proposal_moderated(p) for p in proposals], total, page)
