"""Implementation projects: their state as each project's workflow records it (milestones,
money spent, progress, status), what officials send to that workflow, and the local-business
indicators staff enter for the evaluation."""

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, computed_field, field_validator, model_validator
from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKeyConstraint, String, Text
from sqlmodel import Field, SQLModel

from services.common.strict import StrictRequest
from services.common.types import MAX_ID, MAX_SEK, UtcDateTime, utc_now
from services.decision.models.base import DecisionModel, PersonName

ProjectStatus = Literal["in_progress", "done", "cancelled"]
MAX_MILESTONES = 30


def in_utc(when: datetime | None) -> datetime | None:
    """Milestones live in a JSON column, so they are stored in UTC like every other time."""
    return None if when is None else when.astimezone(UTC)


class MilestoneEntry(SQLModel, StrictRequest):
    title: str = Field(min_length=3, max_length=200, description="Vad som ska vara klart")
    planned_at: AwareDatetime = Field(description="Planerat datum (med tid och tidszon)")

    _utc_planned = field_validator("planned_at")(in_utc)


class Milestone(MilestoneEntry):
    done_at: AwareDatetime | None = Field(default=None, description="När den blev klar")

    _utc_done = field_validator("done_at")(in_utc)


class ProjectBase(DecisionModel):
    approved_cost: int = Field(gt=0, le=MAX_SEK, sa_type=BigInteger)
    status: ProjectStatus = Field(sa_type=String(20))
    summary: str = Field(default="", max_length=2000, sa_type=Text)
    spent: int = Field(default=0, ge=0, le=MAX_SEK, sa_type=BigInteger)
    owner: str = Field(default="", max_length=200, description="Projektägare")
    progress: int = Field(default=0, ge=0, le=100, description="Andel klara delmål, procent")
    overdue: bool = Field(default=False, description="Ett delmål eller slutdatum har passerats")
    due_at: AwareDatetime | None = Field(default=None, sa_type=UtcDateTime)
    cancellation_reason: str = Field(default="", max_length=2000, sa_type=Text)
    done_at: AwareDatetime | None = Field(
        default=None,
        sa_type=UtcDateTime,
        description="När projektet rapporterades klart (arbetsflödets tid); tomt tills dess",
    )


class ImplementationProject(ProjectBase, table=True):
    __tablename__ = "implementation_project"
    __table_args__ = (
        CheckConstraint(
            "status IN ('in_progress', 'done', 'cancelled')", name="ck_implementation_status"
        ),
        CheckConstraint("spent >= 0", name="ck_implementation_spent"),
    )

    round_id: str = Field(primary_key=True, max_length=64, foreign_key="decision_round.round_id")
    project_id: int = Field(primary_key=True)
    milestones: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class ProjectRecord(ProjectBase, StrictRequest):
    """What the project's workflow records after every change."""

    milestones: list[Milestone] = Field(default=[], max_length=MAX_MILESTONES)

    @model_validator(mode="after")
    def check_done_at(self) -> "ProjectRecord":
        # Only a done project has a done date. A done one may lack it: a record a workflow
        # scheduled before done_at existed, retried now. No bound by this service's clock:
        # the date is the workflow's, which a time-skipping test server runs ahead of it.
        if self.done_at is not None and self.status != "done":
            raise ValueError("done_at anges bara för ett klart projekt (status done)")
        return self


def finished_late(project: ProjectBase) -> bool:
    """Done after its due date, as far as known: ``overdue`` ends when a project is done, so
    only ``done_at`` tells (a project recorded before it was sent has none)."""
    if project.status != "done" or project.done_at is None or project.due_at is None:
        return False
    return project.done_at > project.due_at


def done_on_time(project: ProjectBase) -> bool:
    """Done by its due date (no due date: done is on time). A project recorded before the
    workflow sent ``done_at`` keeps the rule it was counted by then: done and not overdue
    (which misses a project that was finished late, since ``overdue`` ends when it is done)."""
    if project.status != "done":
        return False
    if project.done_at is None:
        return not project.overdue
    return not finished_late(project)


# --- indicators ------------------------------------------------------------------------------
class IndicatorsBase(DecisionModel):
    companies_involved: int = Field(ge=0, le=MAX_ID, description="Lokala företag som deltog")
    jobs_created: int = Field(ge=0, le=MAX_ID, description="Nya jobb (årsarbeten, avrundat)")
    visitors: int = Field(ge=0, le=MAX_ID, description="Besökare")
    satisfaction: float | None = Field(default=None, ge=1, le=5, description="Nöjdhet 1-5")
    comment: str = Field(default="", max_length=2000, sa_type=Text)


class ProjectIndicators(IndicatorsBase, table=True):
    """Entered by staff for the evaluation; never written by the workflow."""

    __tablename__ = "project_indicators"
    __table_args__ = (
        ForeignKeyConstraint(
            ["round_id", "project_id"],
            ["implementation_project.round_id", "implementation_project.project_id"],
        ),
    )

    round_id: str = Field(primary_key=True, max_length=64)
    project_id: int = Field(primary_key=True)
    entered_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class IndicatorsUpdate(IndicatorsBase, StrictRequest):
    pass


class IndicatorsPublic(IndicatorsBase):
    entered_by: str
    updated_at: datetime


class ProjectPublic(ProjectBase):
    project_id: int
    milestones: list[Milestone]
    updated_at: datetime
    indicators: IndicatorsPublic | None = None

    @computed_field(description="Klart, men efter sitt slutdatum")  # type: ignore[prop-decorator]
    @property
    def finished_late(self) -> bool:
        return finished_late(self)


# --- what officials send to the project's workflow -------------------------------------------
class MilestonePlan(SQLModel, StrictRequest):
    owner: PersonName = Field(description="Projektägare som får påminnelserna")
    milestones: list[MilestoneEntry] = Field(min_length=1, max_length=MAX_MILESTONES)

    @model_validator(mode="after")
    def check_titles(self) -> "MilestonePlan":
        titles = [m.title.strip().lower() for m in self.milestones]
        if len(set(titles)) != len(titles):
            raise ValueError("två delmål har samma namn")
        return self


class ProgressReport(SQLModel, StrictRequest):
    completed_milestones: list[int] = Field(
        default=[], max_length=MAX_MILESTONES, description="Nummer (1, 2, ...) på klara delmål"
    )
    spent: int | None = Field(default=None, ge=0, le=MAX_SEK, description="Använt hittills, kr")
    note: str = Field(default="", max_length=2000)

    @model_validator(mode="after")
    def check_content(self) -> "ProgressReport":
        numbers = self.completed_milestones
        if not numbers and self.spent is None:
            raise ValueError("ange klara delmål (completed_milestones) eller använt belopp (spent)")
        if len(set(numbers)) != len(numbers) or any(n < 1 for n in numbers):
            raise ValueError("delmålens nummer ska vara olika och börja på 1")
        return self


class Cancellation(SQLModel, StrictRequest):
    reason: str = Field(min_length=10, max_length=2000, description="Varför projektet avbryts")


class CompletionReport(SQLModel, StrictRequest):
    summary: str = Field(min_length=3, max_length=2000, description="Vad som gjordes")
    spent: int = Field(ge=0, le=MAX_SEK, description="Använt belopp i hela kronor")
