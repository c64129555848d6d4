"""What people and the services send to the workflows, and what the workflows answer.

Signal payloads carry the same field names as the JSON the decision service sends (plain
dicts, see docs/api.md). Fields stay plain where a person could get them wrong: the workflow
checks them itself and shows the problem, because a payload that fails to decode is dropped
without a trace.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from workflows.config import Timeline


class RoundPhase(StrEnum):
    PREPARING = "PREPARING"
    INTAKE = "INTAKE"
    ASSESSMENT = "ASSESSMENT"
    BALLOT_APPROVAL = "BALLOT_APPROVAL"
    VOTING = "VOTING"
    TALLYING = "TALLYING"
    COUNCIL_DECISION = "COUNCIL_DECISION"
    IMPLEMENTATION = "IMPLEMENTATION"
    EVALUATION = "EVALUATION"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class BallotApproval(BaseModel):
    """Signal ``approve_ballot``: an official approves the feasible proposals for the vote."""

    approved_by: str
    comment: str = ""


class CouncilDecision(BaseModel):
    """Signal ``record_council_decision``, entered by the council's secretary."""

    approved_project_ids: list[int]
    diarienummer: str
    paragraph: str
    meeting_date: date
    justification: str = ""
    recorded_by: str


class ProjectDone(BaseModel):
    """Signal ``report_done`` to a project's workflow."""

    summary: str
    spent: int
    reported_by: str


class PlannedMilestone(BaseModel):
    """``planned_at`` stays text: the workflow parses it and shows a wrong date to staff."""

    title: str
    planned_at: str


class MilestonePlan(BaseModel):
    """Signal ``set_milestones`` to a project's workflow: the whole plan, replacing the last."""

    owner: str
    milestones: list[PlannedMilestone]
    set_by: str


class ProgressReport(BaseModel):
    """Signal ``report_progress``: milestones done (numbered from 1) and money spent so far."""

    completed_milestones: list[int] = []
    spent: int | None = None
    note: str = ""
    reported_by: str


class ProjectCancellation(BaseModel):
    """Signal ``cancel_project``: the project ends without being carried out."""

    reason: str
    cancelled_by: str


class Milestone(BaseModel):
    title: str
    planned_at: datetime
    done_at: datetime | None = None


class EvaluationReport(BaseModel):
    """Signal ``submit_evaluation``."""

    summary: str
    submitted_by: str


class RoundCounts(BaseModel):
    proposals: int = 0
    feasible: int = 0
    ballots: int = 0
    selected: int = 0
    projects_done: int = 0
    projects_cancelled: int = 0


class PhaseChange(BaseModel):
    phase: RoundPhase
    at: datetime


class DeadlineExtension(BaseModel):
    """Update ``extend_deadline``: move a current or later phase's deadline to a later time.
    Plain text fields, so a mistyped phase or date gets a Swedish answer, not a decode error."""

    phase: str
    until: str
    reason: str
    requested_by: str


class DeadlineChange(BaseModel):
    """A deadline that was moved, shown in the status with who asked and why."""

    phase: RoundPhase
    previous: datetime | None
    deadline: datetime
    reason: str
    requested_by: str
    at: datetime


class DeadlineExtended(BaseModel):
    """The answer to ``extend_deadline``: the new deadline and the whole timeline now."""

    phase: RoundPhase
    deadline: datetime
    timeline: Timeline
    evaluation_closes_at: datetime | None = None


class RoundCancellation(BaseModel):
    """Update ``cancel_round``: the round ends for good; ``reason`` is told to everyone."""

    reason: str
    cancelled_by: str


class RoundStatus(BaseModel):
    """Answer to the ``status`` query: where the round is and what it waits for."""

    round_id: str
    phase: RoundPhase
    phase_deadline: datetime | None
    waiting_for: str
    responsible: str
    timeline: Timeline
    counts: RoundCounts
    last_rejection: str | None = None
    deadline_changes: list[DeadlineChange] = []
    cancellation: RoundCancellation | None = None


class RoundOutcome(BaseModel):
    """The round workflow's result."""

    round_id: str
    phase: RoundPhase
    summary: str
    counts: RoundCounts
    approved_project_ids: list[int] = []
    approved_cost: int = 0
    phases: list[PhaseChange]


class ProjectInput(BaseModel):
    round_id: str
    project_id: int
    approved_cost: int
    due_at: datetime
    escalate_after: timedelta = timedelta(days=14)
    # Set by rounds with the operations patch; absent in older inputs, which keep their alerts.
    remind_before: timedelta | None = None
    escalate_to: str = ""


class ImplementationInput(BaseModel):
    """What the round gives its ``ImplementationWorkflow``: the approved projects (id to
    cost) and what each project workflow gets."""

    round_id: str
    approved: dict[int, int]
    due_at: datetime
    escalate_after: timedelta
    remind_before: timedelta | None = None
    escalate_to: str = ""


class ImplementationCounts(BaseModel):
    """Signal ``implementation_progress`` to the round, and the implementation's result."""

    projects_done: int = 0
    projects_cancelled: int = 0


class ProjectStatus(BaseModel):
    """Answer to a project workflow's ``status`` query; also what it records in the service."""

    round_id: str
    project_id: int
    approved_cost: int
    due_at: datetime
    status: Literal["in_progress", "done", "cancelled"]
    overdue: bool
    owner: str = ""
    milestones: list[Milestone] = []
    spent: int = 0
    progress: int = 0
    summary: str = ""
    cancellation_reason: str = ""
    last_rejection: str | None = None


class ProjectOutcome(BaseModel):
    """A project's end: done (``summary`` says what was done) or cancelled (it says why)."""

    round_id: str
    project_id: int
    approved_cost: int
    spent: int
    summary: str
    reported_by: str
    completed_at: datetime
    status: Literal["done", "cancelled"] = "done"
