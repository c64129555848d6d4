"""Counting a round's assessments: progress while open, and the frozen outcome at close.

Everything is counted from the tables on each call rather than kept as running totals, so a
revised verdict or a changed set of proposals can never leave a stale count behind.
"""

from sqlmodel import Session, col, func, select

from services.assessment.models import (
    Assessment,
    AssessmentOutcome,
    AssessmentRound,
    FeasibleProposal,
    Progress,
    ProposalToAssess,
)
from services.common.db import lock_row
from services.common.errors import Problem


def find_round(session: Session, round_id: str, *, lock: bool = False) -> AssessmentRound | None:
    """The round, optionally locked against concurrent writers until the transaction ends.

    Whatever a write then checks (is the round still open?) stays true until it commits, so
    nothing slips in after closing and exactly one write completes a round.
    """
    if lock:
        lock_row(session, AssessmentRound, round_id, "closed_at")
    return session.get(AssessmentRound, round_id)


def load_round(session: Session, round_id: str, *, lock: bool = False) -> AssessmentRound:
    """Like :func:`find_round`, with a 404 a person can understand."""
    round_ = find_round(session, round_id, lock=lock)
    if round_ is None:
        raise Problem(
            404, f"Det finns ingen bedömning för omgången '{round_id}'.", code="round-not-found"
        )
    return round_


def progress(session: Session, round_: AssessmentRound) -> Progress:
    total = session.exec(
        select(func.count())
        .select_from(ProposalToAssess)
        .where(ProposalToAssess.round_id == round_.id)
    ).one()
    assessed = session.exec(
        select(func.count()).select_from(Assessment).where(Assessment.round_id == round_.id)
    ).one()
    feasible = session.exec(
        select(func.count())
        .select_from(Assessment)
        .where(Assessment.round_id == round_.id, col(Assessment.feasible))
    ).one()
    return Progress(
        round_id=round_.id,
        status="open" if round_.closed_at is None else "closed",
        total=total,
        assessed=assessed,
        feasible=feasible,
        complete=assessed == total,
    )


def unassessed_ids(session: Session, round_id: str) -> list[int]:
    assessed = select(Assessment.proposal_id).where(Assessment.round_id == round_id)
    return list(
        session.exec(
            select(ProposalToAssess.proposal_id)
            .where(ProposalToAssess.round_id == round_id)
            .where(col(ProposalToAssess.proposal_id).not_in(assessed))
            .order_by(col(ProposalToAssess.proposal_id))
        ).all()
    )


def outcome(session: Session, round_id: str) -> AssessmentOutcome:
    verdicts = session.exec(
        select(Assessment.proposal_id, Assessment.feasible, Assessment.cost)
        .where(Assessment.round_id == round_id)
        .order_by(col(Assessment.proposal_id))
    ).all()
    feasible = [
        FeasibleProposal(proposal_id=proposal_id, cost=cost)
        for proposal_id, is_feasible, cost in verdicts
        if is_feasible and cost is not None
    ]
    return AssessmentOutcome(
        round_id=round_id,
        feasible=feasible,
        feasible_count=len(feasible),
        rejected_count=len(verdicts) - len(feasible),
    )
