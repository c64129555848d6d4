"""Decision data: what the round workflow records about approvals, the council and projects.

People's approvals reach the workflow as signals; the workflow then writes them here through
the ``PUT`` endpoints, so this service's records and the workflow history always agree. Names
are display names (``approved_by`` etc.), never identities.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, StringConstraints, model_validator
from sqlalchemy import JSON, BigInteger, CheckConstraint, String, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common.types import MAX_ID, MAX_SEK, UtcDateTime, utc_now

ProjectStatus = Literal["in_progress", "done", "cancelled"]
Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class DecisionModel(SQLModel, registry=registry()):
    """Base of the decision tables: its own metadata, so no other service's tables are created."""


def round_key() -> Any:
    """The round column every record hangs off (one record per round unless stated)."""
    return Field(primary_key=True, max_length=64, foreign_key="decision_round.round_id")


# --- round -----------------------------------------------------------------------------------
class DecisionRoundBase(DecisionModel):
    title: str = Field(min_length=1, max_length=200)
    kommun: str = Field(min_length=1, max_length=100)
    budget: int = Field(gt=0, le=MAX_SEK, sa_type=BigInteger, description="Budget i hela kronor")


class DecisionRound(DecisionRoundBase, table=True):
    __tablename__ = "decision_round"
    __table_args__ = (CheckConstraint("budget > 0", name="ck_decision_round_budget"),)

    round_id: str = Field(primary_key=True, max_length=64)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class DecisionRoundCreate(DecisionRoundBase):
    pass


# --- ballot approval -------------------------------------------------------------------------
class BallotApprovalBase(DecisionModel):
    approved_by: str = Field(min_length=1, max_length=200)
    comment: str = Field(default="", max_length=2000, sa_type=Text)
    approved_at: AwareDatetime = Field(sa_type=UtcDateTime)


class BallotApproval(BallotApprovalBase, table=True):
    __tablename__ = "ballot_approval"

    round_id: str = round_key()


class BallotApprovalCreate(BallotApprovalBase):
    pass


class BallotApprovalPublic(BallotApprovalBase):
    round_id: str


class BallotApprovalRequest(SQLModel):
    comment: str = Field(default="", max_length=2000, description="Kommentar till godkännandet")


# --- recommendation (the voting result) -------------------------------------------------------
class RecommendedProject(SQLModel):
    project_id: int = Field(ge=1, le=MAX_ID)
    cost: int = Field(gt=0, le=MAX_SEK)
    votes: int = Field(ge=0)
    selected: bool
    reason: str | None = Field(default=None, max_length=500)


class RecommendationBase(DecisionModel):
    rule: str = Field(min_length=1, max_length=20)
    rule_version: str = Field(min_length=1, max_length=20)
    budget: int = Field(gt=0, le=MAX_SEK, sa_type=BigInteger)
    ballot_count: int = Field(ge=0, le=MAX_ID)
    ballots_hash: str = Field(min_length=1, max_length=64)
    total_cost: int = Field(ge=0, le=MAX_SEK, sa_type=BigInteger)
    selected: list[int] = Field(sa_type=JSON)


class Recommendation(RecommendationBase, table=True):
    """The voting result as published; the council decides on it."""

    __tablename__ = "recommendation"

    round_id: str = round_key()
    projects: list[dict[str, Any]] = Field(sa_type=JSON)


class RecommendationCreate(RecommendationBase):
    """The voting service's ``TallyResult``; its ``round_id``, if sent, must match the path."""

    round_id: str | None = None
    projects: list[RecommendedProject] = Field(min_length=1)

    @model_validator(mode="after")
    def check_selected(self) -> "RecommendationCreate":
        ids = [p.project_id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("varje projekt får bara finnas en gång i resultatet")
        if not set(self.selected) <= set(ids):
            raise ValueError("selected får bara innehålla projekt som finns i projects")
        return self


class RecommendationPublic(RecommendationBase):
    round_id: str
    projects: list[RecommendedProject]


# --- council decision ------------------------------------------------------------------------
class CouncilDecisionBase(DecisionModel):
    approved_project_ids: list[int] = Field(sa_type=JSON, description="Projekt som beviljas")
    diarienummer: Reference = Field(sa_type=String(50), description="Ärendets diarienummer")
    paragraph: Reference = Field(sa_type=String(50), description="Protokollsparagraf, t.ex. § 45")
    meeting_date: date = Field(description="Sammanträdets datum")
    justification: str = Field(default="", max_length=5000, sa_type=Text)

    @model_validator(mode="after")
    def check_unique_ids(self) -> "CouncilDecisionBase":
        if len(set(self.approved_project_ids)) != len(self.approved_project_ids):
            raise ValueError("samma projekt står flera gånger i beslutet")
        return self


class CouncilDecision(CouncilDecisionBase, table=True):
    __tablename__ = "council_decision"

    round_id: str = round_key()
    recorded_by: str = Field(max_length=200)
    decided_at: datetime = Field(sa_type=UtcDateTime)


class CouncilDecisionCreate(CouncilDecisionBase):
    """What the council's secretary enters."""


class CouncilDecisionRecord(CouncilDecisionBase):
    """What the workflow records once it accepted the decision."""

    recorded_by: str = Field(min_length=1, max_length=200)
    decided_at: AwareDatetime


class CouncilDecisionPublic(CouncilDecisionRecord):
    round_id: str


# --- implementation projects -----------------------------------------------------------------
class ProjectBase(DecisionModel):
    approved_cost: int = Field(gt=0, le=MAX_SEK, sa_type=BigInteger)
    status: ProjectStatus = Field(sa_type=String(20))
    summary: str = Field(default="", max_length=2000, sa_type=Text)
    spent: int = Field(default=0, ge=0, le=MAX_SEK, sa_type=BigInteger)


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
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class ProjectUpdate(ProjectBase):
    pass


class ProjectPublic(ProjectBase):
    project_id: int
    updated_at: datetime


class CompletionReport(SQLModel):
    summary: str = Field(min_length=3, max_length=2000, description="Vad som gjordes")
    spent: int = Field(ge=0, le=MAX_SEK, description="Använt belopp i hela kronor")


# --- evaluation ------------------------------------------------------------------------------
class Participation(SQLModel):
    proposals: int = Field(ge=0, le=MAX_ID)
    feasible: int = Field(ge=0, le=MAX_ID)
    ballots: int = Field(ge=0, le=MAX_ID)
    projects_done: int = Field(ge=0, le=MAX_ID)


class EvaluationBase(DecisionModel):
    summary: str = Field(min_length=3, max_length=10000, sa_type=Text)
    submitted_by: str = Field(min_length=1, max_length=200)


class Evaluation(EvaluationBase, table=True):
    __tablename__ = "round_evaluation"

    round_id: str = round_key()
    participation: dict[str, int] = Field(sa_type=JSON)


class EvaluationRecord(EvaluationBase):
    participation: Participation


class EvaluationPublic(EvaluationRecord):
    round_id: str


class EvaluationRequest(SQLModel):
    summary: str = Field(min_length=3, max_length=10000, description="Utvärderingens slutsatser")


# --- answers ---------------------------------------------------------------------------------
class DecisionRoundPublic(DecisionRoundBase):
    round_id: str
    ballot_approval: BallotApprovalPublic | None
    recommendation: RecommendationPublic | None
    council_decision: CouncilDecisionPublic | None
    evaluation: EvaluationPublic | None
    projects: list[ProjectPublic]


class SignalAccepted(SQLModel):
    """202: the request was checked and passed on to the round's workflow."""

    signal: str
    workflow_id: str
