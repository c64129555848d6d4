"""Assessment's request and response bodies (docs/api.md, assessment section).

Request models check what a body can show on its own (a cost that its line items add up to, a
public reason for a rejection); the round's criteria are checked in the route.
"""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, ValidationInfo, field_validator, model_validator
from pydantic import Field as PydanticField
from pydantic_core import PydanticCustomError
from sqlmodel import Field

from services.assessment.models import AssessmentModel
from services.common.money import format_sek
from services.common.strict import StrictRequest
from services.common.types import CODE_PATTERN, MAX_ID, MAX_SEK
from services.common.validation import duplicates, strip_blanks

MAX_PROPOSALS = 20_000
ProposalId = Annotated[int, PydanticField(ge=1, le=MAX_ID)]
Outcome = Literal["feasible", "rejected", "merged"]
POT_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


def unique_proposals(ids: list[int]) -> list[int]:
    repeated = duplicates(ids)
    if repeated:
        raise PydanticCustomError(
            "duplicate_proposal",
            "Varje förslag får bara finnas med en gång (dubbletter: {listed}).",
            {"listed": ", ".join(str(i) for i in repeated)},
        )
    return ids


class Criterion(AssessmentModel, StrictRequest):
    """A criterion of the round that every proposal gets a verdict on."""

    id: str = Field(max_length=64, schema_extra={"pattern": CODE_PATTERN})
    text: str = Field(min_length=3, max_length=1000)


class AssessmentRoundUpsert(AssessmentModel, StrictRequest):
    """What the round workflow sends when assessment starts: the proposals from intake."""

    kommun: str = Field(min_length=1, max_length=100, description="Omgångens kommun")
    proposal_ids: list[ProposalId] = Field(
        max_length=MAX_PROPOSALS, description="Id för alla förslag som ska bedömas"
    )
    due_at: AwareDatetime = Field(description="När bedömningen ska vara klar (med tidszon)")
    criteria: list[Criterion] = Field(default_factory=list, max_length=50)
    max_proposal_cost: int | None = Field(
        default=None, gt=0, le=MAX_SEK, description="Omgångens tak per förslag i hela kronor"
    )

    pots: list["AssessmentPotCap"] = Field(default_factory=list, max_length=100)
    proposal_pots: list["ProposalPot"] = Field(default_factory=list, max_length=MAX_PROPOSALS)

    check_proposals = field_validator("proposal_ids")(unique_proposals)

    @model_validator(mode="after")
    def check_pots(self) -> "AssessmentRoundUpsert":
        """Each proposal of a round with pots is in one of its pots, once."""
        known = [pot.pot for pot in self.pots]
        if len(set(known)) != len(known):
            raise ValueError("varje pott får bara finnas en gång")
        named = [entry.proposal_id for entry in self.proposal_pots]
        if len(set(named)) != len(named) or not set(named) <= set(self.proposal_ids):
            raise ValueError("proposal_pots nämner varje registrerat förslag högst en gång")
        stray = sorted({entry.pot for entry in self.proposal_pots} - set(known))
        if stray:
            raise ValueError(f"okänd pott i proposal_pots: {', '.join(stray)}")
        return self

    @field_validator("criteria")
    @classmethod
    def unique_criteria(cls, criteria: list[Criterion]) -> list[Criterion]:
        repeated = duplicates(criterion.id for criterion in criteria)
        if repeated:
            raise PydanticCustomError(
                "duplicate_id",
                "Varje kriterium får bara finnas en gång (dubbletter: {listed}).",
                {"listed": ", ".join(repeated)},
            )
        return criteria


class AssessmentPotCap(AssessmentModel, StrictRequest):
    """A pot of the round and its cap per proposal."""

    pot: str = Field(max_length=40, schema_extra={"pattern": POT_PATTERN})
    name: str = Field(min_length=1, max_length=100)
    area: str | None = Field(default=None, max_length=100, description="Pottens kommundel")
    max_proposal_cost: int = Field(gt=0, le=MAX_SEK, description="Pottens tak per förslag")


class ProposalPot(AssessmentModel, StrictRequest):
    proposal_id: ProposalId
    pot: str = Field(max_length=40, schema_extra={"pattern": POT_PATTERN})


AssessmentRoundUpsert.model_rebuild()


class CostItem(AssessmentModel, StrictRequest):
    description: str = Field(min_length=2, max_length=200, description="Vad posten gäller")
    amount: int = Field(gt=0, le=MAX_SEK, description="Belopp i hela kronor")

    strip_text = field_validator("description", mode="before")(strip_blanks)


class CriterionVerdict(AssessmentModel, StrictRequest):
    criterion_id: str = Field(max_length=64, schema_extra={"pattern": CODE_PATTERN})
    verdict: Literal["met", "not_met"] = Field(description="met (uppfyllt) eller not_met")
    comment: str = Field(default="", max_length=2000, description="Kommentar som visas öppet")

    strip_text = field_validator("comment", mode="before")(strip_blanks)


class AssessmentUpsert(AssessmentModel, StrictRequest):
    """One verdict. Fields are checked in order, so each rule may rely on those before it;
    ``validate_default`` runs the rules also when a field is left out."""

    feasible: bool = Field(description="Går förslaget att genomföra enligt kriterierna?")
    cost: int | None = Field(
        default=None,
        gt=0,
        le=MAX_SEK,
        schema_extra={"validate_default": True},
        description="Bedömd kostnad i hela kronor; krävs när förslaget är genomförbart",
    )
    cost_items: list[CostItem] = Field(
        default_factory=list,
        max_length=100,
        schema_extra={"validate_default": True},
        description="Kostnadsposter; summan ska vara den bedömda kostnaden",
    )
    criteria: list[CriterionVerdict] = Field(
        default_factory=list, max_length=50, description="Ett omdöme per kriterium i omgången"
    )
    public_reason: str = Field(
        default="",
        max_length=2000,
        schema_extra={"validate_default": True},
        description="Offentlig motivering; krävs när förslaget inte är genomförbart",
    )

    strip_text = field_validator("public_reason", mode="before")(strip_blanks)

    @field_validator("cost")
    @classmethod
    def feasible_needs_cost(cls, cost: int | None, info: ValidationInfo) -> int | None:
        if cost is None and info.data.get("feasible") is True:
            raise PydanticCustomError(
                "feasible_needs_cost",
                "Ett genomförbart förslag behöver en kostnad i hela kronor (större än 0).",
            )
        return cost

    @field_validator("cost_items")
    @classmethod
    def items_add_up(cls, items: list[CostItem], info: ValidationInfo) -> list[CostItem]:
        if "cost" not in info.data:
            return items  # the cost is wrong; its own error says so
        cost, total = info.data["cost"], sum(item.amount for item in items)
        if cost is None and items:
            raise PydanticCustomError(
                "cost_items_without_cost",
                "Ange den bedömda kostnaden (cost) när du anger kostnadsposter.",
            )
        if cost is not None and total != cost:
            raise PydanticCustomError(
                "cost_items_sum",
                "Kostnadsposterna blir {total} men den bedömda kostnaden är {cost}; dela upp "
                "kostnaden i poster som tillsammans blir den.",
                {"total": format_sek(total), "cost": format_sek(cost)},
            )
        return items

    @field_validator("criteria")
    @classmethod
    def one_verdict_per_criterion(cls, verdicts: list[CriterionVerdict]) -> list[CriterionVerdict]:
        repeated = duplicates(verdict.criterion_id for verdict in verdicts)
        if repeated:
            raise PydanticCustomError(
                "duplicate_criterion",
                "Ge bara ett omdöme per kriterium (flera för: {listed}).",
                {"listed": ", ".join(repeated)},
            )
        return verdicts

    @field_validator("public_reason")
    @classmethod
    def rejection_needs_reason(cls, reason: str, info: ValidationInfo) -> str:
        if info.data.get("feasible") is False and len(reason) < 3:
            raise PydanticCustomError(
                "rejection_needs_reason",
                "Skriv en offentlig motivering (minst 3 tecken) till varför förslaget inte är "
                "genomförbart.",
            )
        return reason


class AssessmentPublic(AssessmentModel):
    proposal_id: int
    outcome: Outcome
    feasible: bool
    cost: int | None
    cost_items: list[CostItem]
    criteria: list[CriterionVerdict]
    public_reason: str
    merged_into: int | None = Field(description="Förslaget det slagits ihop med")
    assessed_by: str
    assessed_at: datetime


class MergeRequest(AssessmentModel, StrictRequest):
    proposal_id: ProposalId = Field(description="Dubbletten, som slås ihop")
    into: ProposalId = Field(description="Förslaget som behålls")
    public_reason: str = Field(
        min_length=3, max_length=2000, description="Offentlig motivering till förslagsställarna"
    )

    strip_text = field_validator("public_reason", mode="before")(strip_blanks)


class MergeNoticePublic(AssessmentModel):
    id: int
    proposal_id: int
    merged_into: int
    public_reason: str
    created_at: datetime
    delivered_at: datetime | None


class AssessorLoad(AssessmentModel):
    name: str
    pending: int = Field(description="Tilldelade förslag som ännu inte bedömts")


class Progress(AssessmentModel):
    round_id: str
    status: Literal["open", "closed"]
    due_at: datetime
    total: int = Field(description="Antal förslag att bedöma")
    assessed: int = Field(description="Antal bedömda (sammanslagna räknas som bedömda)")
    feasible: int = Field(description="Antal bedömda som genomförbara")
    rejected: int
    merged: int
    unassigned: int = Field(description="Obedömda förslag som ingen bedömare har")
    overdue: int = Field(description="Obedömda förslag efter sista dag, annars 0")
    complete: bool = Field(description="Är alla förslag bedömda?")
    pending_assessors: list[AssessorLoad] = Field(description="Bedömare med obedömda förslag")


class FeasibleProposal(AssessmentModel):
    proposal_id: int
    cost: int


class AssessmentOutcome(AssessmentModel):
    """The frozen result of assessment, which the workflow carries to ballot approval."""

    round_id: str
    feasible: list[FeasibleProposal]
    feasible_count: int
    rejected_count: int = Field(description="Inte genomförbara (utan sammanslagna)")
    merged_count: int


class BallotCandidates(AssessmentOutcome):
    final: bool = Field(description="Är bedömningen avslutad, så att listan inte ändras mer?")
