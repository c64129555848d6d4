"""The round, its ballot approval, the voting result (recommendation) and the council decision."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, StringConstraints, model_validator
from sqlalchemy import JSON, BigInteger, CheckConstraint, String, Text
from sqlmodel import Field, SQLModel

from services.common.dates import BoundedDate
from services.common.indicators import MAX_INDICATORS, IndicatorDefinition
from services.common.strict import StrictRequest
from services.common.types import MAX_ID, MAX_SEK, UtcDateTime, utc_now
from services.decision.models.base import DecisionModel, Reference, round_key
from services.decision.models.evaluation import EvaluationPublic
from services.decision.models.mandate import MandatePublic
from services.decision.models.project import ProjectPublic

# As the round config's pot ids (workflows/pots.py).
PotId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


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
    # The round's local-business indicators (IndicatorDefinition); empty: the defaults.
    indicators: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)


class DecisionRoundCreate(DecisionRoundBase, StrictRequest):
    indicators: list[IndicatorDefinition] = Field(default=[], max_length=MAX_INDICATORS)


# --- ballot approval -------------------------------------------------------------------------
class BallotApprovalBase(DecisionModel):
    approved_by: str = Field(min_length=1, max_length=200)
    comment: str = Field(default="", max_length=2000, sa_type=Text)
    approved_at: AwareDatetime = Field(sa_type=UtcDateTime)


class BallotApproval(BallotApprovalBase, table=True):
    __tablename__ = "ballot_approval"

    round_id: str = round_key()


class BallotApprovalCreate(BallotApprovalBase, StrictRequest):
    pass


class BallotApprovalPublic(BallotApprovalBase):
    round_id: str


class BallotApprovalRequest(SQLModel, StrictRequest):
    comment: str = Field(default="", max_length=2000, description="Kommentar till godkännandet")


# --- recommendation (the voting result) -------------------------------------------------------
class RecommendedProject(SQLModel, StrictRequest):
    """One project's line of the result; ``reason`` explains it to residents, ``reason_code``
    (from the counting engine) to software."""

    project_id: int = Field(ge=1, le=MAX_ID)
    title: str | None = Field(default=None, max_length=200, description="Förslagets rubrik")
    cost: int = Field(gt=0, le=MAX_SEK)
    votes: int = Field(ge=0)
    selected: bool
    reason: str | None = Field(default=None, max_length=500)
    reason_code: str | None = Field(default=None, max_length=50)
    pot: PotId | None = Field(default=None, description="Potten (om omgången har potter)")


class RecommendedPot(SQLModel, StrictRequest):
    """One pot's result in a round with pots: the council decides each pot's money on its
    own (its budget, its selection, its justification)."""

    pot: PotId
    name: str = Field(min_length=1, max_length=100)
    area: str | None = Field(default=None, max_length=100)
    budget: int = Field(gt=0, le=MAX_SEK)
    rule: str = Field(min_length=1, max_length=40)
    ballot_count: int = Field(ge=0, le=MAX_ID)
    selected: list[int]
    total_cost: int = Field(ge=0, le=MAX_SEK)


class RecommendationBase(DecisionModel):
    rule: str = Field(min_length=1, max_length=40)
    rule_version: str = Field(min_length=1, max_length=50)
    budget: int = Field(gt=0, le=MAX_SEK, sa_type=BigInteger)
    ballot_count: int = Field(ge=0, le=MAX_ID)
    ballots_hash: str = Field(min_length=1, max_length=64)
    total_cost: int = Field(ge=0, le=MAX_SEK, sa_type=BigInteger)
    selected: list[int] = Field(sa_type=JSON)
    certificate: dict[str, Any] | None = Field(
        default=None,
        sa_type=JSON,
        description="Vad som räknades och hur (regel, motor, hash av röstsedlarna, lottfrö)",
    )


class Recommendation(RecommendationBase, table=True):
    """The voting result as published; the council decides on it."""

    __tablename__ = "recommendation"

    round_id: str = round_key()
    projects: list[dict[str, Any]] = Field(sa_type=JSON)
    # Each pot's result (RecommendedPot) in a round with pots; empty without.
    pots: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    published_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class RecommendationCreate(RecommendationBase, StrictRequest):
    """The voting service's ``TallyResult``; its ``round_id``, if sent, must match the path.
    Fields this service does not know are ignored, so voting may grow its result."""

    round_id: str | None = None
    projects: list[RecommendedProject] = Field(min_length=1)
    pots: list[RecommendedPot] = Field(default=[], max_length=100)

    @model_validator(mode="after")
    def check_selected(self) -> "RecommendationCreate":
        ids = [p.project_id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("varje projekt får bara finnas en gång i resultatet")
        if not set(self.selected) <= set(ids):
            raise ValueError("selected får bara innehålla projekt som finns i projects")
        if self.pots:
            check_pots(self.pots, self.projects)
        return self


def check_pots(pots: list[RecommendedPot], projects: list[RecommendedProject]) -> None:
    """Each pot once; every project in one of them; a pot selects only its own projects."""
    ids = [pot.pot for pot in pots]
    if len(set(ids)) != len(ids):
        raise ValueError("varje pott får bara finnas en gång i resultatet")
    pot_of = {project.project_id: project.pot for project in projects}
    if any(pot not in ids for pot in pot_of.values()):
        raise ValueError("varje projekt ska höra till en av resultatets potter (pot)")
    for pot in pots:
        if any(pot_of.get(pid) != pot.pot for pid in pot.selected):
            raise ValueError(f"potten {pot.pot} får bara välja sina egna projekt")


class RecommendationPublic(RecommendationBase):
    round_id: str
    projects: list[RecommendedProject]
    pots: list[RecommendedPot] = Field(default_factory=list)
    published_at: datetime


# --- council decision ------------------------------------------------------------------------
class CouncilDecisionBase(DecisionModel):
    approved_project_ids: list[int] = Field(sa_type=JSON, description="Projekt som beviljas")
    diarienummer: Reference = Field(sa_type=String(50), description="Ärendets diarienummer")
    paragraph: Reference = Field(sa_type=String(50), description="Protokollsparagraf, t.ex. § 45")
    meeting_date: date = Field(description="Sammanträdets datum")
    justification: str = Field(default="", max_length=5000, sa_type=Text)
    justifications: dict[str, str] = Field(
        default_factory=dict,
        sa_type=JSON,
        description="Motivering per pott (pottens id: text), där beslutet avviker i potten",
    )

    @model_validator(mode="after")
    def check_unique_ids(self) -> "CouncilDecisionBase":
        if len(self.justifications) > 100 or any(
            len(text) > 5000 for text in self.justifications.values()
        ):
            raise ValueError("högst 100 potter med en motivering på högst 5000 tecken var")
        if len(set(self.approved_project_ids)) != len(self.approved_project_ids):
            raise ValueError("samma projekt står flera gånger i beslutet")
        return self


class CouncilDecision(CouncilDecisionBase, table=True):
    __tablename__ = "council_decision"

    round_id: str = round_key()
    recorded_by: str = Field(max_length=200)
    decided_at: datetime = Field(sa_type=UtcDateTime)
    case_reference: str | None = Field(default=None, max_length=100)
    case_registered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class CouncilDecisionCreate(CouncilDecisionBase, StrictRequest):
    """What the council's secretary enters."""

    meeting_date: BoundedDate = Field(description="Sammanträdets datum")


class CouncilDecisionRecord(CouncilDecisionBase, StrictRequest):
    """What the workflow records once it accepted the decision."""

    recorded_by: str = Field(min_length=1, max_length=200)
    decided_at: AwareDatetime
    meeting_date: BoundedDate = Field(description="Sammanträdets datum")


class CaseRecord(SQLModel, StrictRequest):
    """The diarium's reference for the registered decision, as the workflow received it."""

    case_reference: str = Field(min_length=1, max_length=100, description="Ärendets id i diariet")
    registered_at: AwareDatetime


class CouncilDecisionPublic(CouncilDecisionRecord):
    round_id: str
    case_reference: str | None = None
    case_registered_at: datetime | None = None


# --- answers ---------------------------------------------------------------------------------
class DecisionRoundPublic(DecisionRoundBase):
    round_id: str
    indicators: list[IndicatorDefinition] = Field(default_factory=list)
    ballot_approval: BallotApprovalPublic | None
    recommendation: RecommendationPublic | None
    council_decision: CouncilDecisionPublic | None
    evaluation: EvaluationPublic | None
    projects: list[ProjectPublic]
    mandate: MandatePublic | None = None
