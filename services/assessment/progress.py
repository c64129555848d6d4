"""Counting a round's assessments: progress while open, and the outcome (live or frozen).

Everything is counted from the tables on each call rather than kept as running totals, so a
revised verdict, a merge or a changed set of proposals can never leave a stale count behind.
"""

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Mapped
from sqlmodel import Session, SQLModel, col, func, select

from services.assessment.models import Assessment, AssessmentRound, Assignment, ProposalToAssess
from services.assessment.schemas import (
    AssessmentOutcome,
    AssessorLoad,
    FeasibleProposal,
    Outcome,
    Progress,
)


def _count(
    session: Session, model: type[SQLModel], *where: ColumnElement[bool] | Mapped[bool] | bool
) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def _unassessed(round_id: str, proposal: Mapped[int]) -> ColumnElement[bool]:
    assessed = select(Assessment.proposal_id).where(Assessment.round_id == round_id)
    return proposal.not_in(assessed)


def progress(session: Session, round_: AssessmentRound, now: datetime) -> Progress:
    round_id = round_.id
    total = _count(session, ProposalToAssess, ProposalToAssess.round_id == round_id)
    in_round = Assessment.round_id == round_id
    assessed = _count(session, Assessment, in_round)
    feasible = _count(session, Assessment, in_round, col(Assessment.feasible))
    merged = _count(session, Assessment, in_round, col(Assessment.merged_into).is_not(None))
    assigned = select(Assignment.proposal_id).where(Assignment.round_id == round_id)
    unassigned = _count(
        session,
        ProposalToAssess,
        ProposalToAssess.round_id == round_id,
        _unassessed(round_id, col(ProposalToAssess.proposal_id)),
        col(ProposalToAssess.proposal_id).not_in(assigned),
    )
    loads = session.exec(
        select(Assignment.assessor_name, func.count())
        .where(
            Assignment.round_id == round_id,
            _unassessed(round_id, col(Assignment.proposal_id)),
        )
        .group_by(col(Assignment.assessor_key), col(Assignment.assessor_name))
        .order_by(col(Assignment.assessor_name))
    ).all()
    late = round_.closed_at is None and now >= round_.due_at
    return Progress(
        round_id=round_id,
        status="open" if round_.closed_at is None else "closed",
        due_at=round_.due_at,
        total=total,
        assessed=assessed,
        feasible=feasible,
        rejected=assessed - feasible - merged,
        merged=merged,
        unassigned=unassigned,
        overdue=total - assessed if late else 0,
        complete=assessed == total,
        pending_assessors=[AssessorLoad(name=name, pending=n) for name, n in loads],
    )


def unassessed_ids(session: Session, round_id: str) -> list[int]:
    return list(
        session.exec(
            select(ProposalToAssess.proposal_id)
            .where(ProposalToAssess.round_id == round_id)
            .where(_unassessed(round_id, col(ProposalToAssess.proposal_id)))
            .order_by(col(ProposalToAssess.proposal_id))
        ).all()
    )


def outcome_of(assessment: Assessment) -> Outcome:
    if assessment.merged_into is not None:
        return "merged"
    return "feasible" if assessment.feasible else "rejected"


def outcome(session: Session, round_id: str) -> AssessmentOutcome:
    """The proposals that may go on the ballot, with their assessed cost, in id order."""
    verdicts = session.exec(
        select(Assessment)
        .where(Assessment.round_id == round_id)
        .order_by(col(Assessment.proposal_id))
    ).all()
    outcomes = [outcome_of(a) for a in verdicts]
    feasible = [
        FeasibleProposal(proposal_id=a.proposal_id, cost=a.cost)
        for a in verdicts
        if a.feasible and a.cost is not None
    ]
    return AssessmentOutcome(
        round_id=round_id,
        feasible=feasible,
        feasible_count=len(feasible),
        rejected_count=outcomes.count("rejected"),
        merged_count=outcomes.count("merged"),
    )
