"""Assessment's tables and their request/response variants (SQLModel Base/Create/Public style).

The round workflow registers which proposals a round must assess; an assessment can only exist
for a registered proposal (composite foreign key), and a feasible one always has a cost (check
constraint), so the database itself refuses a half-assessed round.
"""

from collections import Counter
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, ValidationInfo, field_validator
from pydantic import Field as PydanticField
from pydantic_core import PydanticCustomError
from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKeyConstraint, Text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common.types import MAX_ID, MAX_SEK, UtcDateTime

MAX_PROPOSALS = 20_000


class AssessmentModel(SQLModel, registry=registry()):
    """Base of assessment's models: its own metadata, so no table is shared with a service."""


ProposalId = Annotated[int, PydanticField(ge=1, le=MAX_ID)]


class AssessmentRoundUpsert(AssessmentModel):
    """What the round workflow sends when assessment starts: the proposals from intake."""

    proposal_ids: list[ProposalId] = Field(
        max_length=MAX_PROPOSALS, description="Id för alla förslag som ska bedömas"
    )
    due_at: AwareDatetime = Field(description="När bedömningen ska vara klar (med tidszon)")

    @field_validator("proposal_ids")
    @classmethod
    def unique_ids(cls, ids: list[int]) -> list[int]:
        duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
        if duplicates:
            listed = ", ".join(str(i) for i in duplicates)
            raise PydanticCustomError(
                "duplicate_proposal",
                "Varje förslag får bara finnas med en gång (dubbletter: {listed}).",
                {"listed": listed},
            )
        return ids


class AssessmentRound(AssessmentModel, table=True):
    """A round as assessment sees it; ``closed_at`` set means the verdicts are final."""

    __tablename__ = "assessment_round"

    id: str = Field(primary_key=True, max_length=64)
    due_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))


class ProposalToAssess(AssessmentModel, table=True):
    """One proposal registered for assessment in a round."""

    __tablename__ = "assessment_proposal"

    round_id: str = Field(foreign_key="assessment_round.id", primary_key=True, max_length=64)
    proposal_id: int = Field(primary_key=True)


class AssessmentBase(AssessmentModel):
    feasible: bool = Field(description="Går förslaget att genomföra enligt kriterierna?")
    cost: int | None = Field(
        default=None, gt=0, le=MAX_SEK, sa_type=BigInteger, description="Bedömd kostnad, kronor"
    )
    public_reason: str = Field(
        min_length=3, max_length=2000, sa_type=Text, description="Motivering som visas öppet"
    )


class AssessmentUpsert(AssessmentBase):
    # validate_default runs the rule below also when ``cost`` is left out altogether.
    cost: int | None = Field(
        default=None,
        gt=0,
        le=MAX_SEK,
        schema_extra={"validate_default": True},
        description="Bedömd kostnad i hela kronor; krävs när förslaget är genomförbart",
    )

    @field_validator("cost")
    @classmethod
    def feasible_needs_cost(cls, cost: int | None, info: ValidationInfo) -> int | None:
        if cost is None and info.data.get("feasible") is True:
            raise PydanticCustomError(
                "feasible_needs_cost",
                "Ett genomförbart förslag behöver en kostnad i hela kronor (större än 0).",
            )
        return cost

    @field_validator("public_reason", mode="before")
    @classmethod
    def strip_blanks(cls, value: object) -> object:
        """Trim before the length rule runs, so that a reason of only spaces cannot pass."""
        return value.strip() if isinstance(value, str) else value


class Assessment(AssessmentBase, table=True):
    """The current verdict on one proposal; an assessor may revise it until the round closes."""

    __tablename__ = "assessment"
    __table_args__ = (
        ForeignKeyConstraint(
            ["round_id", "proposal_id"],
            ["assessment_proposal.round_id", "assessment_proposal.proposal_id"],
        ),
        CheckConstraint(
            "cost IS NULL OR cost > 0",
            name="assessment_cost_positive",
        ),
        CheckConstraint(
            "NOT feasible OR cost IS NOT NULL",
            name="assessment_feasible_has_cost",
        ),
    )

    round_id: str = Field(primary_key=True, max_length=64)
    proposal_id: int = Field(primary_key=True)
    assessed_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class AssessmentPublic(AssessmentBase):
    proposal_id: int
    assessed_at: datetime


class AssessmentPage(AssessmentModel):
    items: list[AssessmentPublic]
    total: int
    limit: int
    offset: int


class Progress(AssessmentModel):
    round_id: str
    status: Literal["open", "closed"]
    total: int = Field(description="Antal förslag att bedöma")
    assessed: int = Field(description="Antal bedömda")
    feasible: int = Field(description="Antal bedömda som genomförbara")
    complete: bool = Field(description="Är alla förslag bedömda?")


class FeasibleProposal(AssessmentModel):
    proposal_id: int
    cost: int


class AssessmentOutcome(AssessmentModel):
    """The frozen result of assessment, which the workflow carries to ballot approval."""

    round_id: str
    feasible: list[FeasibleProposal]
    feasible_count: int
    rejected_count: int
