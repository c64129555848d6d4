"""Where an intake round stands: open for proposals or not, and its public view."""

from datetime import datetime

from sqlmodel import Session, col, func, select

from services.common.errors import Problem
from services.common.kommun_access import stored_kommun
from services.intake.models import IntakeRound, Proposal
from services.intake.rules import requires_local_business_benefit
from services.intake.schemas import Choice, Criterion, PotChoice, RoundPublic

ROUND_KOMMUN = stored_kommun(IntakeRound.kommun, IntakeRound.id)


def intake_closed_problem() -> Problem:
    return Problem(
        409,
        "Omgången tar inte längre emot förslag eller ändringar: sista dagen har passerat eller "
        "omgången är stängd.",
        code="intake-closed",
    )


def ensure_open(round_: IntakeRound, now: datetime) -> None:
    """Proposals come in, and proposers change them, only until the deadline or the close."""
    if round_.closed_at is not None or now >= round_.intake_closes_at:
        raise intake_closed_problem()


def round_public(session: Session, round_: IntakeRound) -> RoundPublic:
    count = session.exec(
        select(func.count())
        .select_from(Proposal)
        .where(
            Proposal.round_id == round_.id,
            col(Proposal.withdrawn_at).is_(None),
            col(Proposal.hidden_at).is_(None),
        )
    ).one()
    return RoundPublic(
        id=round_.id,
        title=round_.title,
        kommun=round_.kommun,
        status="open" if round_.closed_at is None else "closed",
        intake_closes_at=round_.intake_closes_at,
        max_proposal_cost=round_.max_proposal_cost,
        proposal_count=count,
        criteria=[Criterion.model_validate(c) for c in round_.criteria],
        categories=[Choice.model_validate(c) for c in round_.categories],
        areas=[Choice.model_validate(c) for c in round_.areas],
        pots=[PotChoice.model_validate(p) for p in round_.pots],
        proposer_kinds=round_.proposer_kinds,
        local_business_benefit_required=requires_local_business_benefit(round_),
        discussion_open=round_.discussion_closed_at is None,
    )
