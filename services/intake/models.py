"""Intake's tables and their request/response variants (SQLModel Base/Create/Public style).

The proposer is stored only as a pseudonymous key (HMAC of identity and round), never as the
token subject. Field constraints on the Base classes double as request validation and column
sizes.
"""

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, field_validator
from sqlalchemy import BigInteger, CheckConstraint, Column, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common.types import MAX_SEK, UtcDateTime


class IntakeModel(SQLModel, registry=registry()):
    """Base of intake's models: its own metadata, so no table is shared with another service."""


class IntakeRoundBase(IntakeModel):
    title: str = Field(min_length=1, max_length=200, description="Omgångens namn")
    kommun: str = Field(min_length=1, max_length=100, description="Kommunens namn")
    max_proposal_cost: int = Field(
        gt=0, le=MAX_SEK, sa_type=BigInteger, description="Högsta kostnad för ett förslag i kronor"
    )


class IntakeRoundUpsert(IntakeRoundBase):
    """What the round workflow sends when it opens (or adjusts) intake."""

    intake_closes_at: AwareDatetime = Field(description="Sista tid för förslag (med tidszon)")


class IntakeRound(IntakeRoundBase, table=True):
    """A round as intake sees it; ``closed_at`` set means no more proposals, ever."""

    __tablename__ = "intake_round"
    __table_args__ = (CheckConstraint("max_proposal_cost > 0", name="intake_round_max_cost"),)

    id: str = Field(primary_key=True, max_length=64)
    intake_closes_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))


class RoundPublic(IntakeRoundBase):
    id: str
    status: Literal["open", "closed"]
    intake_closes_at: datetime
    proposal_count: int


class IntakeClosed(IntakeModel):
    """The frozen result of intake: every proposal id, in id order, for assessment."""

    round_id: str
    proposal_ids: list[int]
    count: int


class ProposalBase(IntakeModel):
    title: str = Field(min_length=3, max_length=200, description="Förslagets rubrik")
    description: str = Field(
        min_length=10, max_length=10000, sa_type=Text, description="Vad förslaget går ut på"
    )
    cost_estimate: int = Field(
        gt=0, le=MAX_SEK, sa_type=BigInteger, description="Uppskattad kostnad i hela kronor"
    )
    local_business_benefit: str = Field(
        default="", max_length=5000, sa_type=Text, description="Hur det gynnar lokalt näringsliv"
    )


class ProposalCreate(ProposalBase):
    proposer_name: str | None = Field(
        default=None, max_length=200, description="Ditt namn (visas bara om du godkänner det)"
    )
    publish_name: bool = Field(default=False, description="Får namnet visas offentligt?")

    @field_validator(
        "title", "description", "local_business_benefit", "proposer_name", mode="before"
    )
    @classmethod
    def strip_blanks(cls, value: object) -> object:
        """Trim before the length rules run, so that a text of only spaces cannot pass them."""
        return value.strip() if isinstance(value, str) else value


class Proposal(ProposalBase, table=True):
    __tablename__ = "proposal"
    __table_args__ = (CheckConstraint("cost_estimate > 0", name="proposal_cost_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(foreign_key="intake_round.id", index=True, max_length=64)
    proposer_key: str = Field(max_length=64, description="HMAC av identitet och omgång")
    proposer_name: str | None = Field(default=None, max_length=200)
    publish_name: bool = False
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class ProposalPublic(ProposalBase):
    id: int
    round_id: str
    proposer_name: str | None = Field(description="Förslagsställarens namn, om hen godkänt det")
    status: Literal["submitted"] = "submitted"
    created_at: datetime


class ProposalPage(IntakeModel):
    items: list[ProposalPublic]
    total: int
    limit: int
    offset: int
