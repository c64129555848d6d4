"""Proposals: residents, companies and officials submit them; anyone may read them."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlmodel import col

from services.common.auth import Principal, Role, require_roles
from services.common.db import fetch_page
from services.common.deps import PageDep, ProposalIdPath, SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.pseudonym import pseudonymize
from services.intake.models import (
    Proposal,
    ProposalCreate,
    ProposalPage,
    ProposalPublic,
)
from services.intake.routes.rounds import intake_closed_problem, load_round

router = APIRouter(prefix="/rounds/{round_id}/proposals", tags=["förslag"])

# Officials enter proposals that came by phone, mail or at meetings.
ProposerDep = Annotated[
    Principal, Depends(require_roles(Role.RESIDENT, Role.COMPANY, Role.OFFICIAL))
]


def proposal_public(proposal: Proposal) -> ProposalPublic:
    """The public view: the proposer's name only with their consent, never their identity."""
    assert proposal.id is not None
    return ProposalPublic(
        id=proposal.id,
        round_id=proposal.round_id,
        title=proposal.title,
        description=proposal.description,
        cost_estimate=proposal.cost_estimate,
        local_business_benefit=proposal.local_business_benefit,
        proposer_name=proposal.proposer_name if proposal.publish_name else None,
        created_at=proposal.created_at,
    )


def _sek(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


@router.post(
    "",
    status_code=201,
    response_model=ProposalPublic,
    summary="Lämna ett förslag",
    description="För invånare, företag och föreningar, eller en tjänsteperson som för in ett "
    "förslag som kommit på annat sätt. Går bara medan omgången tar emot förslag. Namnet visas "
    "bara om `publish_name` är sant; inloggningens identitet sparas aldrig i klartext.",
)
def submit_proposal(
    round_id: str,
    body: ProposalCreate,
    proposer: ProposerDep,
    session: SessionDep,
    settings: SettingsDep,
) -> ProposalPublic:
    round_ = load_round(session, round_id, lock=True)
    now = datetime.now(UTC)
    if round_.closed_at is not None or now >= round_.intake_closes_at:
        raise intake_closed_problem()
    if body.cost_estimate > round_.max_proposal_cost:
        message = f"Kostnaden får vara högst {_sek(round_.max_proposal_cost)} i den här omgången."
        raise Problem(
            422,
            f"cost_estimate: {message}",
            code="validation",
            extra={"errors": [{"field": "cost_estimate", "message": message}]},
        )
    proposal = Proposal(
        **body.model_dump(),
        round_id=round_id,
        proposer_key=pseudonymize(settings.pseudonym_secret, proposer.subject, round_id),
        created_at=now,
    )
    session.add(proposal)
    session.commit()
    session.refresh(proposal)
    return proposal_public(proposal)


@router.get(
    "",
    response_model=ProposalPage,
    summary="Lista förslagen i en omgång",
    description="Äldst först, en sida i taget (`limit`, `offset`).",
)
def list_proposals(round_id: str, session: SessionDep, page: PageDep) -> ProposalPage:
    load_round(session, round_id)
    proposals, total = fetch_page(
        session, Proposal, col(Proposal.round_id) == round_id, col(Proposal.id), page
    )
    return ProposalPage(
        items=[proposal_public(p) for p in proposals],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/{proposal_id}",
    response_model=ProposalPublic,
    summary="Visa ett förslag",
)
def get_proposal(
    round_id: str,
    proposal_id: ProposalIdPath,
    session: SessionDep,
) -> ProposalPublic:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.round_id != round_id:
        raise Problem(
            404,
            f"Förslag {proposal_id} finns inte i omgången '{round_id}'.",
            code="proposal-not-found",
        )
    return proposal_public(proposal)
