"""The round's evaluation (uppföljning): opened by the workflow with participation figures,
closed when an official submits the conclusions or when its deadline passes, and the
independent evaluator's report uploaded by staff."""

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, model_validator
from sqlalchemy import JSON, BigInteger, LargeBinary, String, Text
from sqlmodel import Field, SQLModel

from services.common.strict import StrictRequest
from services.common.types import MAX_ID, UtcDateTime, utc_now
from services.decision.models.base import DecisionModel, round_key
from services.decision.models.process import ProcessHistory

EvaluationStatus = Literal["open", "submitted", "expired"]
Counts = dict[str, int]
# A group's count is None where voting (or intake) hid it as too small to show (small-cell
# suppression).
VoterCounts = dict[str, int | None]


class Breakdown(SQLModel, StrictRequest):
    """Counts per value of one dimension (area, age band, channel); ``None`` where the service
    that knows it does not provide the figures (yet)."""

    # None for a group hidden as too small: voters', and proposers' areas and age bands.
    proposals: VoterCounts | None = None
    voters: VoterCounts | None = None


class Participation(SQLModel, StrictRequest):
    proposals: int = Field(ge=0, le=MAX_ID)
    feasible: int = Field(ge=0, le=MAX_ID)
    ballots: int = Field(ge=0, le=MAX_ID, description="Röstande (en röstsedel per person)")
    projects_done: int = Field(ge=0, le=MAX_ID)
    projects_cancelled: int = Field(default=0, ge=0, le=MAX_ID)
    eligible_voters: int | None = Field(default=None, gt=0, le=MAX_ID)
    proposals_per_day: Counts = Field(default={}, description="Förslag per dag (ÅÅÅÅ-MM-DD)")
    ballots_per_day: Counts | None = None
    by_area: Breakdown = Breakdown()
    by_age_band: Breakdown = Breakdown()
    by_channel: Breakdown = Breakdown()
    by_kind: Breakdown = Breakdown()
    min_cell: int | None = Field(
        default=None, ge=2, le=100, description="Röstande i minsta grupp som visas"
    )
    meetings: int | None = Field(default=None, ge=0, le=MAX_ID, description="Dialogmöten")
    meeting_proposals: int | None = Field(
        default=None, ge=0, le=MAX_ID, description="Förslag som togs emot på dialogmöten"
    )

    @property
    def turnout(self) -> float | None:
        """Share of eligible people who voted, in percent, when the electorate is known."""
        if self.eligible_voters is None:
            return None
        return round(100 * self.ballots / self.eligible_voters, 1)


class EvaluationBase(DecisionModel):
    status: EvaluationStatus = Field(sa_type=String(20))
    opened_at: AwareDatetime = Field(sa_type=UtcDateTime)
    deadline: AwareDatetime = Field(sa_type=UtcDateTime)
    summary: str = Field(default="", max_length=10000, sa_type=Text, description="Slutsatser")
    submitted_by: str = Field(default="", max_length=200)
    closed_at: AwareDatetime | None = Field(default=None, sa_type=UtcDateTime)


class Evaluation(EvaluationBase, table=True):
    __tablename__ = "round_evaluation"

    round_id: str = round_key()
    participation: dict[str, object] = Field(sa_type=JSON)
    process: dict[str, object] | None = Field(default=None, sa_type=JSON)


class EvaluationRecord(EvaluationBase, StrictRequest):
    """What the workflow records when it opens, and again when it closes, the evaluation."""

    participation: Participation
    process: ProcessHistory | None = None

    @model_validator(mode="after")
    def check_closing(self) -> "EvaluationRecord":
        if self.status == "submitted" and (len(self.summary.strip()) < 3 or not self.submitted_by):
            raise ValueError("en inlämnad uppföljning behöver slutsatser och vem som lämnade den")
        if (self.status == "open") != (self.closed_at is None):
            raise ValueError("closed_at anges när, och bara när, uppföljningen är stängd")
        return self


class ReportFileInfo(SQLModel):
    filename: str
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: datetime


class EvaluationPublic(EvaluationRecord):
    round_id: str
    evaluator_report: ReportFileInfo | None = None


class EvaluationRequest(SQLModel, StrictRequest):
    summary: str = Field(min_length=3, max_length=10000, description="Utvärderingens slutsatser")


class EvaluatorReport(DecisionModel, table=True):
    """The independent evaluator's report as uploaded; one per round, a new upload replaces it."""

    __tablename__ = "evaluator_report"

    round_id: str = round_key()
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=100)
    size: int = Field(sa_type=BigInteger)
    content: bytes = Field(sa_type=LargeBinary)
    uploaded_by: str = Field(max_length=200)
    uploaded_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
