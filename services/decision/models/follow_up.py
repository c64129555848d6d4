"""The follow-up measurement a set time after each project was completed: planned by the
round's ``FollowUpWorkflow`` for every completed project, measured by staff (a value per
indicator of the project) or closed with a reason; the round completes when none is open."""

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, computed_field, field_validator
from sqlalchemy import JSON, CheckConstraint, String, Text
from sqlmodel import Field, SQLModel

from services.common.strict import StrictRequest
from services.common.types import UtcDateTime, utc_now
from services.decision.models.base import DecisionModel
from services.decision.models.local_business import MAX_MEASURE, project_key

FollowUpStatus = Literal["due", "measured", "closed"]
# Five years, as every period of a round's config.
MAX_MEASURE_AFTER_SECONDS = 5 * 366 * 24 * 3600


class FollowUpBase(DecisionModel):
    due_at: AwareDatetime = Field(sa_type=UtcDateTime, description="När mätningen ska göras")
    status: FollowUpStatus = Field(default="due", sa_type=String(20))
    measured: dict[str, float] = Field(default_factory=dict, sa_type=JSON)
    note: str = Field(default="", max_length=2000, sa_type=Text)
    closed_reason: str = Field(default="", max_length=2000, sa_type=Text)
    recorded_by: str = Field(default="", max_length=200)
    recorded_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # When the round's workflow, whose clock the round keeps, found the follow-up due.
    opened_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class ProjectFollowUp(FollowUpBase, table=True):
    __tablename__ = "project_follow_up"
    __table_args__ = (
        project_key(),
        CheckConstraint("status IN ('due', 'measured', 'closed')", name="ck_follow_up_status"),
    )

    round_id: str = Field(primary_key=True, max_length=64)
    project_id: int = Field(primary_key=True)


def measurable(follow_up: FollowUpBase, now: datetime) -> bool:
    """Opened by the round's workflow when due; one planned by a workflow from before that
    opens by the service's clock."""
    return follow_up.opened_at is not None or now >= follow_up.due_at


class FollowUpPublic(FollowUpBase):
    project_id: int

    @computed_field(description="Kan mätas nu")  # type: ignore[prop-decorator]
    @property
    def measurable(self) -> bool:
        return measurable(self, utc_now())


class FollowUpOverview(SQLModel):
    """``pending``: neither measured nor closed; ``due_at``: when the last one is due;
    ``next_due_at``: the first one still pending that the workflow has not opened."""

    total: int
    pending: int
    due_at: datetime | None
    next_due_at: datetime | None = None
    items: list[FollowUpPublic]


class FollowUpPlanning(SQLModel, StrictRequest):
    """From the workflow: plan a follow-up this long after each completed project."""

    measure_after: float = Field(gt=0, le=MAX_MEASURE_AFTER_SECONDS, description="Sekunder")


class FollowUpOpening(SQLModel, StrictRequest):
    """From the workflow: the follow-ups due by ``as_of`` (the workflow's time) are open."""

    as_of: AwareDatetime


class Measurement(SQLModel, StrictRequest):
    values: dict[str, float] = Field(
        min_length=1, max_length=30, description="Uppmätt värde per indikator (id: värde)"
    )
    note: str = Field(default="", max_length=2000, description="Kommentar till mätningen")

    @field_validator("values")
    @classmethod
    def _in_range(cls, values: dict[str, float]) -> dict[str, float]:
        if any(not 0 <= value <= MAX_MEASURE for value in values.values()):
            raise ValueError("varje värde ska vara mellan 0 och 10^12")
        return values


class FollowUpClosing(SQLModel, StrictRequest):
    reason: str = Field(min_length=10, max_length=2000, description="Varför mätningen inte görs")
