"""The assessment's workload for the evaluation's "how the process went": how many
assessments, the verdicts, who made how many, and how long a proposal waited for its verdict.
Counts only: the activity that builds it reads the services' public lists and keeps no list.
Also the assessment's progress while it runs: who still has how many proposals to assess."""

from typing import Literal

from pydantic import BaseModel


class AssessmentWorkload(BaseModel):
    assessments: int
    feasible: int
    rejected: int
    merged: int
    # The name each assessment shows publicly (assessed_by) -> how many it made.
    by_assessor: dict[str, int]
    # Days from a proposal's submission (intake) to its current verdict (assessment).
    median_days: float | None
    max_days: float | None


class AssessorLoad(BaseModel):
    name: str
    pending: int


class AssessmentProgress(BaseModel):
    """``pending_assessors`` names who to remind: one entry per assessor, not per proposal,
    so the answer stays small in the history."""

    round_id: str
    status: Literal["open", "closed"]
    total: int
    assessed: int
    feasible: int
    complete: bool
    unassigned: int = 0
    overdue: int = 0
    pending_assessors: list[AssessorLoad] = []
