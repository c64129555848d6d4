"""The mandate: the political decision that set the round up (deciding body, diarienummer, §,
date, the budget and criteria decided). The round's config either carries it (decided before
the round started) or says it is still to come (``awaited``): then the round waits in
PREPARING for the update ``record_mandate``, sent with the council secretary's token.

Plain fields in the update, so a mistyped date or a differing budget gets a Swedish answer
from the validator instead of a decode error.
"""

from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, Field, StringConstraints, ValidationError, model_validator

from services.common.dates import BoundedDate
from services.common.types import MAX_SEK

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
CriterionText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
]


class MandateDecision(BaseModel):
    """What the deciding body decided: e.g. kommunfullmäktige, KS 2026/412, § 87."""

    body: Text = Field(description="Beslutande organ, t.ex. kommunfullmäktige")
    diarienummer: Reference
    paragraph: Reference
    decided_on: BoundedDate = Field(description="Sammanträdets datum")
    budget: int = Field(gt=0, le=MAX_SEK, description="Budgeten som beslutades, hela kronor")
    criteria: list[CriterionText] = Field(default=[], max_length=50)


class MandateConfig(BaseModel):
    """The round config's reference to its mandate: the decision itself, or ``awaited``."""

    decision: MandateDecision | None = None
    awaited: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if (self.decision is None) == (not self.awaited):
            raise ValueError(
                "Mandatet anges antingen som beslut (decision) eller som väntat (awaited: true). "
                "mandate needs exactly one of decision or awaited."
            )
        return self


def budget_problem(decision: MandateDecision, round_budget: int) -> str | None:
    if decision.budget == round_budget:
        return None
    return (
        f"Beslutets budget ({decision.budget} kr) skiljer sig från omgångens budget "
        f"({round_budget} kr). Rätta beslutet eller omgångens budget."
    )


class MandateUpdate(BaseModel):
    """Update ``record_mandate``: the decision as the council secretary enters it."""

    body: str = ""
    diarienummer: str = ""
    paragraph: str = ""
    decided_on: str = ""
    budget: int = 0
    criteria: list[str] = []
    recorded_by: str = ""
    token: str = Field(default="", repr=False)

    def decision(self) -> tuple[MandateDecision | None, str | None]:
        """The decision, or why it cannot be one (in Swedish)."""
        fields = self.model_dump(exclude={"recorded_by", "token"})
        try:
            return MandateDecision.model_validate(fields), None
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            return None, f"Beslutet duger inte: {where}: {first['msg']}"


class MandateRecord(BaseModel):
    """What the workflow records in the decision service, and what the update answers."""

    round_id: str
    decision: MandateDecision
    recorded_by: str
    recorded_at: datetime
