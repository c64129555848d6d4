"""How the round went, as its workflow recorded it when the evaluation opened: the timeline as
planned and as it ended up, when each phase began, and every moved deadline with its reason."""

from datetime import datetime

from pydantic import Field

from services.common.strict import StrictRequest

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


class ProcessHistory(StrictRequest):
    planned: dict[str, datetime | None] = Field(max_length=20)
    actual: dict[str, datetime | None] = Field(max_length=20)
    phases: list[PhaseEntered] = Field(default=[], max_length=MAX_ENTRIES)
    deadline_changes: list[MovedDeadline] = Field(default=[], max_length=MAX_ENTRIES)
