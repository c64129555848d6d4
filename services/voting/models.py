"""Voting data: ballot definitions, pseudonymous ballots and stored tally results.

The rules that matter for trust live in the database, not only in code: one ballot per voter
and round (unique constraint), known statuses, positive budgets and costs, unique projects on a
ballot. Ballots carry a voter key (an HMAC of identity and round), never the identity.
"""

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, model_validator
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common.types import MAX_ID, MAX_SEK, UtcDateTime, utc_now
from services.voting.counting import RULE

BallotStatus = Literal["ready", "open", "closed"]


class VotingModel(SQLModel, registry=registry()):
    """Base of the voting tables: its own metadata, so no other service's tables are created."""


# --- ballot definition -------------------------------------------------------------------
class BallotProjectEntry(SQLModel):
    project_id: int = Field(ge=1, le=MAX_ID, description="Förslagets id från förslagstjänsten")
    cost: int = Field(gt=0, le=MAX_SEK, description="Kostnad i hela kronor")


class BallotDefinitionBase(VotingModel):
    budget: int = Field(gt=0, le=MAX_SEK, sa_type=BigInteger, description="Budget i hela kronor")
    ballot_type: Literal["approval"] = Field(sa_type=String(20))
    max_choices: int = Field(ge=1, le=MAX_ID, description="Högsta antal förslag per röstsedel")
    opens_at: AwareDatetime = Field(sa_type=UtcDateTime)
    closes_at: AwareDatetime = Field(sa_type=UtcDateTime)


class BallotDefinition(BallotDefinitionBase, table=True):
    __tablename__ = "ballot_definition"
    __table_args__ = (
        CheckConstraint("status IN ('ready', 'open', 'closed')", name="ck_ballot_status"),
        CheckConstraint("budget > 0", name="ck_ballot_budget"),
        CheckConstraint("max_choices >= 1", name="ck_ballot_max_choices"),
        CheckConstraint("closes_at > opens_at", name="ck_ballot_timeline"),
    )

    round_id: str = Field(primary_key=True, max_length=64)
    status: str = Field(default="ready", max_length=10)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class BallotProject(VotingModel, table=True):
    """One project on a round's ballot; the primary key keeps project ids unique per ballot."""

    __tablename__ = "ballot_project"
    __table_args__ = (CheckConstraint("cost > 0", name="ck_ballot_project_cost"),)

    round_id: str = Field(primary_key=True, max_length=64, foreign_key="ballot_definition.round_id")
    project_id: int = Field(primary_key=True)
    cost: int = Field(sa_type=BigInteger)


class BallotDefinitionCreate(BallotDefinitionBase):
    projects: list[BallotProjectEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def check_projects_and_timeline(self) -> "BallotDefinitionCreate":
        ids = [p.project_id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("varje förslag får bara finnas en gång på röstsedeln")
        if self.closes_at <= self.opens_at:
            raise ValueError("closes_at måste vara senare än opens_at")
        return self


class BallotPublic(BallotDefinitionBase):
    round_id: str
    status: BallotStatus
    projects: list[BallotProjectEntry]
    ballot_count: int


class BallotCloseResult(SQLModel):
    round_id: str
    ballot_count: int


# --- ballots -------------------------------------------------------------------------------
class Ballot(VotingModel, table=True):
    """A cast ballot. ``voter_key`` is pseudonymous; a repeat cast overwrites ``choices``."""

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("round_id", "voter_key", name="uq_ballot_round_voter"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(max_length=64, foreign_key="ballot_definition.round_id", index=True)
    voter_key: str = Field(max_length=64)
    choices: list[int] = Field(sa_type=JSON)
    receipt: str = Field(max_length=64)
    cast_at: datetime = Field(sa_type=UtcDateTime)


class BallotCast(SQLModel):
    choices: list[int] = Field(min_length=1, description="Id:n för de förslag du röstar på")

    @model_validator(mode="after")
    def check_unique(self) -> "BallotCast":
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("samma förslag får bara väljas en gång")
        return self


class BallotReceipt(SQLModel):
    round_id: str
    receipt: str = Field(description="Kvittokod som visar att din röst är registrerad")
    replaced: bool = Field(description="Sant om en tidigare röst ersattes")
    cast_at: datetime


# --- tally ---------------------------------------------------------------------------------
class ProjectOutcome(SQLModel):
    project_id: int
    cost: int
    votes: int
    selected: bool
    reason: str


class TallyResultBase(VotingModel):
    rule: Literal["greedy"] = Field(default=RULE, sa_type=String(20))
    rule_version: str = Field(max_length=20)
    budget: int = Field(sa_type=BigInteger)
    ballot_count: int
    ballots_hash: str = Field(max_length=64)
    total_cost: int = Field(sa_type=BigInteger)


class Tally(TallyResultBase, table=True):
    """The stored count of a closed round; later tallies return it unchanged."""

    __tablename__ = "tally_result"

    round_id: str = Field(primary_key=True, max_length=64, foreign_key="ballot_definition.round_id")
    selected: list[int] = Field(sa_type=JSON)
    projects: list[dict[str, Any]] = Field(sa_type=JSON)
    tallied_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class TallyResult(TallyResultBase):
    """The published result, in greedy order: more votes, then lower cost, then lower id."""

    round_id: str
    selected: list[int]
    projects: list[ProjectOutcome]
