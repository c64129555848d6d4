"""What running the round cost the kommun, as the kommun records it (staff hours and money
outside the projects' budget: information, meetings, paper ballots, systems)."""

from datetime import datetime

from sqlalchemy import BigInteger, Text
from sqlmodel import Field

from services.common.strict import StrictRequest
from services.common.types import MAX_ID, MAX_SEK, UtcDateTime, utc_now
from services.decision.models.base import DecisionModel, round_key


class RunningCostBase(DecisionModel):
    amount: int = Field(ge=0, le=MAX_SEK, sa_type=BigInteger, description="Kostnad, hela kronor")
    staff_hours: int = Field(default=0, ge=0, le=MAX_ID, description="Arbetstimmar")
    note: str = Field(default="", max_length=2000, sa_type=Text, description="Vad som ingår")


class RunningCost(RunningCostBase, table=True):
    __tablename__ = "round_running_cost"

    round_id: str = round_key()
    recorded_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class RunningCostEntry(RunningCostBase, StrictRequest):
    pass


class RunningCostPublic(RunningCostBase):
    recorded_by: str
    updated_at: datetime
