"""What a round's config says about voting: the ballot, who may vote, and the counting rule.

A round sets them once; a round with pots (``workflows/pots.py``) may set them per pot.
"""

from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, Field, model_validator

from services.common.types import MAX_SEK


def _check_sek(value: int) -> int:
    if value > MAX_SEK:
        raise ValueError(f"Beloppet {value} kr är större än högsta tillåtna ({MAX_SEK} kr).")
    return value


Sek = Annotated[int, Field(gt=0), AfterValidator(_check_sek)]


class EligibilityConfig(BaseModel):
    """Who may vote; nothing set means everyone who signs in. Checked on every ballot."""

    min_age: int | None = Field(default=None, ge=0, le=130, description="Ålder på sista röstdagen")
    kommun: str | None = Field(
        default=None, min_length=1, max_length=100, description="Folkbokföringskommun (kod/namn)"
    )
    areas: list[str] = Field(default=[], description="Kommundelar som får rösta; tom = alla")
    companies: bool = Field(default=False, description="Företag röstar, en röst per företag")


BallotType = Literal["approval", "knapsack", "cumulative", "ranked"]
DEFAULT_MAX_CHOICES = 5


class BallotConfig(BaseModel):
    """The ballot type and its limits, frozen in the voting service when voting opens.

    approval: choose up to ``max_choices``; knapsack: choose within the budget, spending at
    least ``min_spend_percent`` of it if set; cumulative: spread ``total_points``, at most
    ``max_points_per_project`` on one project if set; ranked: order up to ``max_choices``.
    """

    type: BallotType = "approval"
    max_choices: int | None = Field(default=None, ge=1)
    min_spend_percent: int | None = Field(default=None, ge=1, le=100)
    total_points: int | None = Field(default=None, ge=1)
    max_points_per_project: int | None = Field(default=None, ge=1)
    eligibility: EligibilityConfig = EligibilityConfig()

    @model_validator(mode="before")
    @classmethod
    def _default_choices(cls, data: Any) -> Any:
        """Approval and ranked ballots have a choice limit, by default five."""
        if isinstance(data, dict) and data.get("type", "approval") in ("approval", "ranked"):
            return {"max_choices": DEFAULT_MAX_CHOICES, **data}
        return data

    @model_validator(mode="after")
    def _limits_fit_the_type(self) -> Self:
        if self.type in ("approval", "ranked") and self.max_choices is None:
            raise ValueError(
                f"Röstsedeltypen {self.type} behöver max_choices. "
                f"Ballot type {self.type} needs max_choices."
            )
        if self.min_spend_percent is not None and self.type != "knapsack":
            raise ValueError(
                "min_spend_percent gäller bara röstsedeltypen knapsack. "
                "min_spend_percent applies to knapsack ballots only."
            )
        if self.type == "cumulative" and self.total_points is None:
            raise ValueError(
                "En poängröstsedel (cumulative) behöver total_points. "
                "A cumulative ballot needs total_points."
            )
        if self.type != "cumulative" and (self.total_points or self.max_points_per_project):
            raise ValueError(
                "total_points och max_points_per_project gäller bara cumulative. "
                "total_points and max_points_per_project apply to cumulative ballots only."
            )
        return self


# "greedy" is SKR's "flest röster"; "greedy-threshold" and "greedy-exclusive" take the options
# below; "mes" is the Method of Equal Shares with add1 and greedy completion; "equalshares/add1"
# stops after add1, as the cities that use it publish.
CountingRule = Literal[
    "greedy", "greedy-no-skip", "greedy-threshold", "greedy-exclusive", "mes", "equalshares/add1"
]


def check_rule_options(rule: str, threshold: int | None, pairs: list[tuple[int, int]]) -> None:
    """Each option with its own rule only, so a round never holds a setting nobody counts."""
    if rule == "greedy-threshold" and threshold is None:
        raise ValueError(
            "Regeln greedy-threshold behöver min_project_score_threshold. "
            "Rule greedy-threshold needs min_project_score_threshold."
        )
    if rule != "greedy-threshold" and threshold is not None:
        raise ValueError(
            "min_project_score_threshold gäller bara regeln greedy-threshold. "
            "min_project_score_threshold applies to rule greedy-threshold only."
        )
    if rule != "greedy-exclusive" and pairs:
        raise ValueError(
            "exclusive_pairs gäller bara regeln greedy-exclusive. "
            "exclusive_pairs applies to rule greedy-exclusive only."
        )
    seen: set[frozenset[int]] = set()
    for first, second in pairs:
        if first == second:
            raise ValueError(
                f"Ett uteslutande par måste vara två olika förslag, inte ({first}, {second}). "
                f"An exclusive pair must name two different projects, not ({first}, {second})."
            )
        if frozenset((first, second)) in seen:
            raise ValueError(
                f"Paret ({first}, {second}) finns redan i exclusive_pairs. "
                f"The pair ({first}, {second}) is listed twice in exclusive_pairs."
            )
        seen.add(frozenset((first, second)))
