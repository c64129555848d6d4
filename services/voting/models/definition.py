"""A round's ballot: its definition as the workflow sends it, its projects and rules of
eligibility, and how it is shown and closed."""

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, model_validator
from sqlalchemy import JSON, BigInteger, CheckConstraint, String
from sqlmodel import Field, SQLModel

from counting.rules import RuleName
from services.common.strict import StrictRequest
from services.common.types import MAX_ID, MAX_SEK, UtcDateTime, utc_now
from services.voting.models.base import KEY_LENGTH, BallotStatus, BallotType, VotingModel


class BallotProjectEntry(SQLModel, StrictRequest):
    project_id: int = Field(ge=1, le=MAX_ID, description="Förslagets id från förslagstjänsten")
    cost: int = Field(gt=0, le=MAX_SEK, description="Kostnad i hela kronor")


class Eligibility(SQLModel, StrictRequest):
    """Who may vote. Nothing set means everyone who signs in: a round states its rules."""

    min_age: int | None = Field(
        default=None, ge=0, le=130, description="Lägsta ålder på röstningens sista dag"
    )
    kommun: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Folkbokföringskommun (kod eller namn, som identitetsutgivaren anger den)",
    )
    areas: list[str] = Field(
        default=[], max_length=500, description="Kommundelar som får rösta; tom = hela kommunen"
    )
    companies: bool = Field(
        default=False, description="Företag (organisationsnummer) röstar, en röst per företag"
    )


class BallotDefinitionBase(VotingModel):
    # The round's kommun: its officials, and only they, enter paper ballots for it.
    kommun: str = Field(
        min_length=1,
        max_length=100,
        sa_column_kwargs={"server_default": ""},
        description="Omgångens kommun",
    )
    budget: int = Field(gt=0, le=MAX_SEK, sa_type=BigInteger, description="Budget i hela kronor")
    ballot_type: BallotType = Field(sa_type=String(20))
    max_choices: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ID,
        description="Högsta antal förslag per röstsedel (krävs för approval och ranked)",
    )
    min_spend_percent: int | None = Field(
        default=None, ge=1, le=100, description="knapsack: minst så många procent av budgeten"
    )
    total_points: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="cumulative: poäng att fördela (krävs)"
    )
    max_points_per_project: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="cumulative: högst så många poäng per förslag"
    )
    electorate: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Antal röstberättigade, för valdeltagandet"
    )
    rule: RuleName = Field(
        default="greedy", sa_type=String(20), description="Räkneregel (se counting.rules)"
    )
    min_project_score_threshold: int | None = Field(
        default=None,
        ge=0,
        le=MAX_SEK,
        sa_type=BigInteger,
        description="greedy-threshold: minsta antal röster (poäng) för att ett förslag kan väljas",
    )
    exclusive_pairs: list[list[int]] = Field(
        default=[],
        max_length=1000,
        sa_type=JSON,
        description="greedy-exclusive: par av förslag som inte båda kan genomföras",
    )
    opens_at: AwareDatetime = Field(sa_type=UtcDateTime)
    closes_at: AwareDatetime = Field(sa_type=UtcDateTime)
    # The round's currency from its config: the open data's amounts are in it.
    currency: str = Field(
        default="SEK",
        max_length=3,
        schema_extra={"pattern": r"^[A-Z]{3}$"},
        sa_column_kwargs={"server_default": "SEK"},
        description="Omgångens valuta (ISO 4217)",
    )


class BallotDefinition(BallotDefinitionBase, table=True):
    __tablename__ = "ballot_definition"
    __table_args__ = (
        CheckConstraint("status IN ('ready', 'open', 'closed')", name="ck_ballot_status"),
        CheckConstraint("budget > 0", name="ck_ballot_budget"),
        CheckConstraint("max_choices >= 1", name="ck_ballot_max_choices"),
        CheckConstraint("closes_at > opens_at", name="ck_ballot_timeline"),
    )

    round_id: str = Field(primary_key=True, max_length=KEY_LENGTH)
    status: str = Field(default="ready", max_length=10)
    eligibility: dict[str, Any] = Field(sa_type=JSON)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    # A pot's ballot names its round and pot; a round's own ballot lists its pots, if any.
    parent_id: str | None = Field(default=None, max_length=64, index=True)
    pot: str | None = Field(default=None, max_length=40)
    # A pot for its area's residents by the area they declared, even with the register on.
    declared_area: bool | None = Field(default=None)
    pots: list[dict[str, Any]] = Field(
        default=[], sa_type=JSON, sa_column_kwargs={"server_default": "[]"}
    )
    # A round with pots: the people who voted in any pot, counted once each when voting
    # closed (from the participation markers, which are erased with the voters later).
    voter_count: int | None = Field(default=None)


class BallotProject(VotingModel, table=True):
    """One project on a round's ballot; the primary key keeps project ids unique per ballot."""

    __tablename__ = "ballot_project"
    __table_args__ = (CheckConstraint("cost > 0", name="ck_ballot_project_cost"),)

    round_id: str = Field(
        primary_key=True, max_length=KEY_LENGTH, foreign_key="ballot_definition.round_id"
    )
    project_id: int = Field(primary_key=True)
    cost: int = Field(sa_type=BigInteger)


class BallotDefinitionCreate(BallotDefinitionBase, StrictRequest):
    projects: list[BallotProjectEntry] = Field(min_length=1)
    eligibility: Eligibility = Eligibility()

    @model_validator(mode="after")
    def check_projects_and_timeline(self) -> "BallotDefinitionCreate":
        ids = [p.project_id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("varje förslag får bara finnas en gång på röstsedeln")
        if self.closes_at <= self.opens_at:
            raise ValueError("closes_at måste vara senare än opens_at")
        return self

    @model_validator(mode="after")
    def check_type_limits(self) -> "BallotDefinitionCreate":
        """Each type's limits, and only its own, so a frozen ballot never holds a dead setting."""
        kind = self.ballot_type
        if kind in ("approval", "ranked") and self.max_choices is None:
            raise ValueError(f"max_choices krävs för röstsedeltypen {kind}")
        if self.min_spend_percent is not None and kind != "knapsack":
            raise ValueError("min_spend_percent gäller bara röstsedeltypen knapsack")
        if kind == "cumulative" and self.total_points is None:
            raise ValueError("total_points krävs för röstsedeltypen cumulative")
        if kind != "cumulative" and (self.total_points or self.max_points_per_project):
            raise ValueError("poäng (total_points, max_points_per_project) gäller bara cumulative")
        return self

    @model_validator(mode="after")
    def check_rule_options(self) -> "BallotDefinitionCreate":
        """Each option with its own rule only; exclusive pairs name two projects on the ballot."""
        if (self.rule == "greedy-threshold") != (self.min_project_score_threshold is not None):
            raise ValueError(
                "min_project_score_threshold krävs för, och gäller bara, greedy-threshold"
            )
        if self.exclusive_pairs and self.rule != "greedy-exclusive":
            raise ValueError("exclusive_pairs gäller bara regeln greedy-exclusive")
        on_ballot = {p.project_id for p in self.projects}
        seen: set[frozenset[int]] = set()
        for pair in self.exclusive_pairs:
            if len(pair) != 2 or pair[0] == pair[1] or not set(pair) <= on_ballot:
                raise ValueError(f"{pair}: ett uteslutande par är två olika förslag på röstsedeln")
            if frozenset(pair) in seen:
                raise ValueError(f"{pair}: paret finns redan i exclusive_pairs")
            seen.add(frozenset(pair))
        return self


class BallotPublic(BallotDefinitionBase):
    round_id: str
    status: BallotStatus
    projects: list[BallotProjectEntry]
    eligibility: Eligibility
    ballot_count: int


class ClosingMove(VotingModel, StrictRequest):
    closes_at: AwareDatetime = Field(description="Röstningens nya slut")


class BallotCloseResult(SQLModel):
    round_id: str
    ballot_count: int
    pots: dict[str, int] | None = Field(default=None, description="Röstsedlar per pott")
    voters: int | None = Field(
        default=None, description="Potter: personer som röstat i någon pott, var och en en gång"
    )
