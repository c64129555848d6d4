"""The stored count of a closed round and its published result."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, String
from sqlmodel import Field, SQLModel

from counting.rules import RuleName
from services.common.types import UtcDateTime, utc_now
from services.voting.models.base import KEY_LENGTH, VotingModel


class ProjectOutcome(SQLModel):
    project_id: int
    cost: int
    votes: int
    selected: bool
    reason: str
    reason_code: str
    pot: str | None = None


class TallyResultBase(VotingModel):
    rule: RuleName = Field(sa_type=String(20))
    rule_version: str = Field(max_length=20)
    budget: int = Field(sa_type=BigInteger)
    ballot_count: int
    ballots_hash: str = Field(max_length=64)
    total_cost: int = Field(sa_type=BigInteger)


class Tally(TallyResultBase, table=True):
    """The stored count of a closed round; later tallies return it unchanged."""

    __tablename__ = "tally_result"

    round_id: str = Field(
        primary_key=True, max_length=KEY_LENGTH, foreign_key="ballot_definition.round_id"
    )
    selected: list[int] = Field(sa_type=JSON)
    projects: list[dict[str, Any]] = Field(sa_type=JSON)
    certificate: dict[str, Any] = Field(sa_type=JSON)
    tallied_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class TallyResult(TallyResultBase):
    """The published result; projects in the tie order (more votes, lower cost, lottery)."""

    round_id: str
    selected: list[int]
    projects: list[ProjectOutcome]
    certificate: dict[str, Any]
    pots: list[dict[str, Any]] = Field(
        default=[], description="Resultatet per pott, om omgången har potter"
    )
