"""How the process went: each phase's length against the plan, the deadlines that moved and
why, proposals per channel, the assessment workload and what running the round cost."""

from itertools import pairwise

from pydantic import BaseModel
from sqlmodel import Session

from services.decision.models.evaluation import Evaluation, Participation
from services.decision.models.process import AssessmentWorkload, MovedDeadline, ProcessHistory
from services.decision.models.running_cost import RunningCost

DAY_SECONDS = 86_400
# Each phase's planned start and end in the round's timeline.
PLANNED = {
    "INTAKE": ("intake_opens_at", "intake_closes_at"),
    "ASSESSMENT": ("intake_closes_at", "assessment_due_at"),
    "BALLOT_APPROVAL": ("assessment_due_at", "voting_opens_at"),
    "VOTING": ("voting_opens_at", "voting_closes_at"),
    "COUNCIL_DECISION": ("voting_closes_at", "council_decision_due_at"),
    "IMPLEMENTATION": ("council_decision_due_at", "implementation_due_at"),
}


class PhaseDuration(BaseModel):
    phase: str
    planned_days: float | None
    actual_days: float | None


class ProcessFigures(BaseModel):
    proposals: int | None = None
    assessed: int | None = None
    proposals_by_channel: dict[str, int | None] | None = None
    ballots: int | None = None
    running_cost: int | None = None
    staff_hours: int | None = None
    cost_per_voter: int | None = None
    phases: list[PhaseDuration] = []
    moved_deadlines: list[MovedDeadline] = []
    assessment: AssessmentWorkload | None = None


def _days(seconds: float) -> float:
    return round(seconds / DAY_SECONDS, 1)


def phase_durations(history: ProcessHistory) -> list[PhaseDuration]:
    """Every phase that ended before the evaluation opened, as planned and as it went."""
    lines = []
    for entered, left in pairwise(history.phases):
        planned = None
        if entered.phase in PLANNED:
            start, end = (history.planned.get(name) for name in PLANNED[entered.phase])
            if start is not None and end is not None:
                planned = _days((end - start).total_seconds())
        actual = _days((left.at - entered.at).total_seconds())
        lines.append(PhaseDuration(phase=entered.phase, planned_days=planned, actual_days=actual))
    return lines


def process_figures(session: Session, round_id: str) -> ProcessFigures:
    figures = ProcessFigures()
    evaluation = session.get(Evaluation, round_id)
    if evaluation is not None:
        participation = Participation.model_validate(evaluation.participation)
        figures.proposals = participation.proposals
        figures.proposals_by_channel = participation.by_channel.proposals
        figures.ballots = participation.ballots
        if evaluation.process is not None:
            history = ProcessHistory.model_validate(evaluation.process)
            figures.phases = phase_durations(history)
            figures.moved_deadlines = history.deadline_changes
            # The workload as assessment counted it; unknown (None) for earlier rounds.
            figures.assessment = history.assessment
            figures.assessed = history.assessment.assessments if history.assessment else None
    cost = session.get(RunningCost, round_id)
    if cost is not None:
        figures.running_cost, figures.staff_hours = cost.amount, cost.staff_hours
        if figures.ballots:
            figures.cost_per_voter = round(cost.amount / figures.ballots)
    return figures
