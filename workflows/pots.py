"""A round's pots: the money split into a kommun-wide pot and one pot per district or area.

Each pot has its own budget, its own ballot and counting rule (or the round's), its own cap per
proposal and its own electorate: the residents of its area, by the population register or by
the area they declared when signing in. A round without pots is one kommun-wide pot, exactly as
before pots existed (``resolved_pots``).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, PositiveInt

from workflows.ballot_config import BallotConfig, CountingRule, Sek, check_rule_options

POT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
# The one pot of a round without pots.
KOMMUN_POT = "kommun"
# Where a voter's area comes from: the population register (the voting service's setting
# ``population_register_url``) or the ``area`` claim of the sign-in (the declared area).
AreaSource = Literal["register", "declared"]


class PotConfig(BaseModel):
    """One pot; unset ballot, rule and age take the round's."""

    id: str = Field(pattern=POT_ID_PATTERN, description="t.ex. 'bogucice'")
    name: str = Field(min_length=1, max_length=100)
    budget: Sek
    area: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Kommundelen potten gäller (ett av intake.areas); inget = hela kommunen",
    )
    area_source: AreaSource = Field(
        default="register", description="Var väljarens kommundel hämtas: folkbokföringen/angiven"
    )
    min_age: int | None = Field(default=None, ge=0, le=130, description="Lägsta ålder")
    max_proposal_cost: Sek | None = None
    ballot: BallotConfig | None = None
    counting_rule: CountingRule | None = None
    min_project_score_threshold: int | None = Field(default=None, ge=0)
    exclusive_pairs: list[tuple[PositiveInt, PositiveInt]] | None = Field(
        default=None,
        max_length=1000,
        description="greedy-exclusive: par av förslag (id) i potten som inte båda kan genomföras",
    )


@dataclass(frozen=True)
class Pot:
    """A pot with every setting decided: its own, or else the round's."""

    id: str
    name: str
    budget: int
    area: str | None
    area_source: AreaSource
    min_age: int | None
    max_proposal_cost: int
    ballot: BallotConfig
    counting_rule: CountingRule
    min_project_score_threshold: int | None
    exclusive_pairs: list[tuple[PositiveInt, PositiveInt]]


class RoundDefaults(BaseModel):
    """What a pot takes from its round when it does not set it."""

    budget: int
    max_proposal_cost: int | None
    ballot: BallotConfig
    counting_rule: CountingRule
    min_project_score_threshold: int | None
    exclusive_pairs: list[tuple[PositiveInt, PositiveInt]]


def resolve(pot: PotConfig, round_: RoundDefaults) -> Pot:
    rule = pot.counting_rule or round_.counting_rule
    own_rule = pot.counting_rule is not None
    threshold = pot.min_project_score_threshold
    if not own_rule and threshold is None:
        threshold = round_.min_project_score_threshold
    cap = pot.max_proposal_cost or min(round_.max_proposal_cost or pot.budget, pot.budget)
    return Pot(
        id=pot.id,
        name=pot.name,
        budget=pot.budget,
        area=pot.area,
        area_source=pot.area_source,
        min_age=pot.min_age if pot.min_age is not None else round_.ballot.eligibility.min_age,
        max_proposal_cost=cap,
        ballot=pot.ballot or round_.ballot,
        counting_rule=rule,
        min_project_score_threshold=threshold,
        exclusive_pairs=_pairs(pot, own_rule, round_),
    )


def _pairs(
    pot: PotConfig, own_rule: bool, round_: RoundDefaults
) -> list[tuple[PositiveInt, PositiveInt]]:
    """The pot's own pairs; else the round's when it takes the round's rule (a round without
    pots: its one pot; a round with pots names its pairs per pot, see check_pots)."""
    if pot.exclusive_pairs is not None:
        return list(pot.exclusive_pairs)
    return [] if own_rule else list(round_.exclusive_pairs)


def resolved_pots(pots: Sequence[PotConfig], round_: RoundDefaults) -> list[Pot]:
    """The round's pots, each fully decided; no pots means one kommun-wide pot."""
    if not pots:
        whole = PotConfig(id=KOMMUN_POT, name="Hela kommunen", budget=round_.budget)
        return [resolve(whole, round_)]
    return [resolve(pot, round_) for pot in pots]


def check_pots(pots: Sequence[PotConfig], round_: RoundDefaults, areas: list[str]) -> None:
    """Refuse a config whose pots cannot work, naming the pot and the reason."""
    if not pots:
        return
    seen: set[str] = set()
    for pot in pots:
        if pot.id in seen:
            raise ValueError(
                f"Potten {pot.id} finns flera gånger i pots. Pot {pot.id} is listed twice."
            )
        seen.add(pot.id)
    total = sum(pot.budget for pot in pots)
    if total != round_.budget:
        raise ValueError(
            f"Potternas budgetar är tillsammans {total} kr men omgångens budget är "
            f"{round_.budget} kr; de ska vara lika. "
            f"The pots' budgets add up to {total}, the round's budget is {round_.budget}."
        )
    _check_areas(pots, areas)
    _check_pairs(pots, round_)
    for pot in pots:
        decided = resolve(pot, round_)
        if pot.max_proposal_cost is not None and pot.max_proposal_cost > pot.budget:
            raise ValueError(
                f"Potten {pot.id}: maxkostnaden per förslag ({pot.max_proposal_cost} kr) är "
                f"större än pottens budget ({pot.budget} kr). "
                f"Pot {pot.id}: max_proposal_cost exceeds its budget."
            )
        try:
            check_rule_options(
                decided.counting_rule,
                decided.min_project_score_threshold,
                list(decided.exclusive_pairs),
            )
        except ValueError as exc:
            raise ValueError(f"Potten {pot.id}: {exc}") from exc


def _check_areas(pots: Sequence[PotConfig], areas: list[str]) -> None:
    """At most one pot serves the whole kommun; every other names its own known area."""
    whole = [pot.id for pot in pots if pot.area is None]
    if len(whole) > 1:
        raise ValueError(
            f"Bara en pott kan gälla hela kommunen; potterna {', '.join(whole[1:])} behöver "
            "en kommundel (area). "
            f"Only one pot may serve the whole kommun; {', '.join(whole[1:])} need an area."
        )
    seen: set[str] = set()
    for pot in pots:
        if pot.area is None:
            continue
        if areas and pot.area not in areas:
            raise ValueError(
                f"Potten {pot.id} gäller kommundelen {pot.area}, som inte finns i "
                f"intake.areas ({', '.join(areas)}). Pot {pot.id}: unknown area {pot.area}."
            )
        if pot.area in seen:
            raise ValueError(
                f"Två potter gäller kommundelen {pot.area}; varje kommundel har en pott. "
                f"Two pots serve area {pot.area}."
            )
        seen.add(pot.area)


def _check_pairs(pots: Sequence[PotConfig], round_: RoundDefaults) -> None:
    """Each pot is counted alone, so an exclusive pair lies within one pot: named in that
    pot's ``exclusive_pairs``, never in the round's, and no proposal in two pots' pairs."""
    if round_.exclusive_pairs:
        raise ValueError(
            "En omgång med potter anger sina uteslutande par i potten de gäller "
            "(pots[].exclusive_pairs), inte i omgångens exclusive_pairs: varje pott räknas för "
            "sig, så ett par över två potter kan inte räknas. "
            "A round with pots names its exclusive pairs in their pot, not the round."
        )
    owner: dict[int, str] = {}
    for pot in pots:
        for pair in pot.exclusive_pairs or []:
            for proposal in pair:
                other = owner.setdefault(proposal, pot.id)
                if other != pot.id:
                    raise ValueError(
                        f"Förslag {proposal} står i uteslutande par i både potten {other} och "
                        f"potten {pot.id}; ett par gäller förslag i samma pott. "
                        f"Proposal {proposal} is paired in pots {other} and {pot.id}: a pair "
                        "lies within one pot."
                    )
