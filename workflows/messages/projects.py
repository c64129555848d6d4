"""What the round gives its implementation and project workflows, the signals a project
takes, and what a project answers."""

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel


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


class ProjectInput(BaseModel):
    round_id: str
    project_id: int
    approved_cost: int
    due_at: datetime
    escalate_after: timedelta = timedelta(days=14)
    # The round sets both; a project started on its own gets no early reminder.
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
    # When the project was reported done, by the workflow's clock (the one its due date is
    # kept by); None while it is not done. Whether it was done on time is read from this.
    done_at: datetime | None = None
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
