"""How the round went, as its workflow recorded it when the evaluation opened: the timeline as
planned and as it ended up, when each phase began, and every moved deadline with its reason."""

from datetime import datetime

from pydantic import Field

from services.common.strict import StrictRequest
from services.common.types import MAX_ID

MAX_ENTRIES = 200


class PhaseEntered(StrictRequest):
    phase: str = Field(max_length=30)
    at: datetime


class MovedDeadline(StrictRequest):
    phase: str = Field(max_length=30)
    previous: datetime | None = None
    deadline: datetime
    reason: str = Field(max_length=2000)
    requested_by: str = Field(max_length=200)
    at: datetime


class AssessmentWorkload(StrictRequest):
    """The assessment's workload, counted by the workflow from assessment's public verdicts
    and intake's submission times."""

    assessments: int = Field(ge=0, le=MAX_ID)
    feasible: int = Field(ge=0, le=MAX_ID)
    rejected: int = Field(ge=0, le=MAX_ID)
    merged: int = Field(ge=0, le=MAX_ID)
    by_assessor: dict[str, int] = Field(
        default={}, max_length=1000, description="Bedömningar per bedömare (visat namn)"
    )
    median_days: float | None = Field(
        default=None, ge=0, le=10_000, description="Dagar från förslag till bedömning, median"
    )
    max_days: float | None = Field(default=None, ge=0, le=10_000)


class ProcessHistory(StrictRequest):
    planned: dict[str, datetime | None] = Field(max_length=20)
    actual: dict[str, datetime | None] = Field(max_length=20)
    phases: list[PhaseEntered] = Field(default=[], max_length=MAX_ENTRIES)
    deadline_changes: list[MovedDeadline] = Field(default=[], max_length=MAX_ENTRIES)
    # Evaluations the workflow opened after its "assessment-workload" change.
    assessment: AssessmentWorkload | None = None
