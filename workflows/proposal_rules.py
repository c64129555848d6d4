"""What a round's config says about proposals: its criteria, and who may propose what where.

Intake shows the criteria to proposers and checks proposals against the rest; assessment gives
every proposal a verdict per criterion. A criterion flagged ``local_business`` (such as Åre's
"the project must benefit local business") makes proposers describe that benefit.
"""

from collections import Counter
from typing import Literal, Self

from pydantic import BaseModel, Field, model_validator

# The services' CODE_PATTERN, repeated so the workflow sandbox never imports service code.
CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
ProposerKind = Literal["resident", "worker", "company", "association"]
PROPOSER_KINDS: list[ProposerKind] = ["resident", "worker", "company", "association"]


class Criterion(BaseModel):
    id: str = Field(pattern=CODE_PATTERN, description="t.ex. 'lokalt-naringsliv'")
    text: str = Field(min_length=3, max_length=1000)
    local_business: bool = Field(
        default=False, description="Förslagen måste beskriva nyttan för lokalt näringsliv"
    )


class Choice(BaseModel):
    """A category or area a proposal is filed under."""

    id: str = Field(pattern=CODE_PATTERN, description="t.ex. 'are-by'")
    name: str = Field(min_length=1, max_length=100)


class IntakeConfig(BaseModel):
    """How proposals are filed and who may make them (residents, people who work in the
    kommun, companies and associations by organisationsnummer); empty lists mean no
    categories or areas."""

    categories: list[Choice] = Field(default=[], max_length=100)
    areas: list[Choice] = Field(default=[], max_length=200)
    proposer_kinds: list[ProposerKind] = Field(default=PROPOSER_KINDS, min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        check_unique("categories", [choice.id for choice in self.categories])
        check_unique("areas", [choice.id for choice in self.areas])
        check_unique("proposer_kinds", list(self.proposer_kinds))
        return self


def check_unique(field: str, ids: list[str]) -> None:
    repeated = [value for value, count in Counter(ids).items() if count > 1]
    if repeated:
        listed = ", ".join(repeated)
        raise ValueError(
            f"Samma id finns flera gånger i {field}: {listed}. Duplicate ids in {field}: {listed}."
        )
