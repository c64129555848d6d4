"""Assessment's tables.

The round workflow registers which proposals a round must assess. Everything else hangs off a
registered proposal (composite foreign keys): who is assigned to it, who has declared jäv
(conflict of interest) for it, and its one current assessment. The database itself refuses a
feasible assessment without a cost and a merge that is feasible or points at itself.

Assessors are stored only as pseudonyms (HMAC of their login and the round) plus the display
name that is shown: Swedish e-legitimation logins are personnummer. An assessment's cost line
items and per-criterion verdicts are JSON, because they are always written and read whole with
their assessment and never queried on their own.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, ForeignKeyConstraint, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common.types import UtcDateTime
from services.common.versioning import version_column

_PROPOSAL_COLUMNS = ["assessment_proposal.round_id", "assessment_proposal.proposal_id"]


def _registered(*columns: str) -> ForeignKeyConstraint:
    """A foreign key to a proposal registered in the same round."""
    return ForeignKeyConstraint(["round_id", *columns], _PROPOSAL_COLUMNS)


class AssessmentModel(SQLModel, registry=registry()):
    """Base of assessment's models: its own metadata, so no table is shared with a service."""


class AssessmentRound(AssessmentModel, table=True):
    """A round as assessment sees it; ``closed_at`` set means the verdicts are final."""

    __tablename__ = "assessment_round"

    id: str = Field(primary_key=True, max_length=64)
    # Its officials and assessors are the kommun's; rounds from before 0005 have "" (nobody's).
    kommun: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    due_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    criteria: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # The round's cap per proposal (whole SEK); none: only the upper bound of any amount.
    max_proposal_cost: int | None = Field(default=None, sa_type=BigInteger)
    # A round with pots: each pot's name and cap ({"pot", "name", "max_proposal_cost"}).
    pots: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ProposalToAssess(AssessmentModel, table=True):
    """One proposal registered for assessment in a round."""

    __tablename__ = "assessment_proposal"

    round_id: str = Field(foreign_key="assessment_round.id", primary_key=True, max_length=64)
    proposal_id: int = Field(primary_key=True)
    # The pot the proposal is for, in a round with pots; its cost stays within the pot's cap.
    pot: str | None = Field(default=None, max_length=40)


class Assignment(AssessmentModel, table=True):
    """An assessor an official has given a proposal to assess."""

    __tablename__ = "assessment_assignment"
    __table_args__ = (_registered("proposal_id"),)

    round_id: str = Field(primary_key=True, max_length=64)
    proposal_id: int = Field(primary_key=True)
    assessor_key: str = Field(primary_key=True, max_length=64)
    assessor_name: str = Field(max_length=200)
    assigned_by: str = Field(max_length=200)
    assigned_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class ConflictOfInterest(AssessmentModel, table=True):
    """A jäv declaration: this assessor may no longer assess, or be assigned, this proposal."""

    __tablename__ = "assessment_conflict_of_interest"
    __table_args__ = (_registered("proposal_id"),)

    round_id: str = Field(primary_key=True, max_length=64)
    proposal_id: int = Field(primary_key=True)
    assessor_key: str = Field(primary_key=True, max_length=64)
    assessor_name: str = Field(max_length=200)
    reason: str = Field(max_length=1000, sa_type=Text)
    declared_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


_ASSESSMENT_VERSION = version_column()


class Assessment(AssessmentModel, table=True):
    """The current verdict on one proposal, revised until the round closes; or its merge into
    another proposal (``merged_into``), which also counts as assessed."""

    __tablename__ = "assessment"
    # Every revision bumps ``version`` and checks it: concurrent revisions cannot both win.
    __mapper_args__ = {"version_id_col": _ASSESSMENT_VERSION}
    __table_args__ = (
        _registered("proposal_id"),
        _registered("merged_into"),
        CheckConstraint("cost IS NULL OR cost > 0", name="assessment_cost_positive"),
        CheckConstraint("NOT feasible OR cost IS NOT NULL", name="assessment_feasible_has_cost"),
        CheckConstraint(
            "merged_into IS NULL OR (NOT feasible AND merged_into <> proposal_id)",
            name="assessment_merge_rejects",
        ),
    )

    round_id: str = Field(primary_key=True, max_length=64)
    proposal_id: int = Field(primary_key=True)
    feasible: bool
    cost: int | None = Field(default=None, sa_type=BigInteger)
    cost_items: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    criteria: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    public_reason: str = Field(default="", max_length=2000, sa_type=Text)
    merged_into: int | None = None
    assessed_by: str = Field(max_length=200, description="Namnet som visas")
    assessed_by_key: str = Field(max_length=64)
    assessed_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    version: int = Field(default=1, sa_column=_ASSESSMENT_VERSION)


class MergeNotice(AssessmentModel, table=True):
    """Outbox: the supporters of a merged proposal are to be told why, once.

    The notification adapter (or anything else with the ``system`` role) reads the undelivered
    notices and marks each delivered; intake knows who the proposers are, assessment does not.
    """

    __tablename__ = "assessment_merge_notice"

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(foreign_key="assessment_round.id", index=True, max_length=64)
    proposal_id: int
    merged_into: int
    public_reason: str = Field(max_length=2000, sa_type=Text)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
