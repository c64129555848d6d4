"""The independent evaluator's access: what they read (the anonymised data of a round) is
logged, every time, with their display name; the log is shown to officials and to them."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from services.common.types import UtcDateTime, utc_now
from services.decision.models.base import DecisionModel


class EvaluatorAccess(DecisionModel, table=True):
    __tablename__ = "evaluator_access"

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(max_length=64, foreign_key="decision_round.round_id", index=True)
    accessed_by: str = Field(max_length=200)
    role: str = Field(max_length=30)
    what: str = Field(max_length=100)
    at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class EvaluatorAccessPublic(SQLModel):
    accessed_by: str
    role: str
    what: str
    at: datetime
