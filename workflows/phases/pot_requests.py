"""What the round tells the services about its pots (workflows/pots.py), built from its config.

Pure functions, as ``requests``; the phases add them only to a round whose config has pots
and only behind ``POTS_PATCH`` (docs/versioning.md), so rounds recorded before pots replay.
"""

from workflows.config import RoundConfig
from workflows.messages.pots import AssessmentPot, IntakePot, PotBallotSpec
from workflows.messages.status import PotCounts

POTS_PATCH = "round-pots"


def intake_pots(config: RoundConfig) -> list[IntakePot]:
    return [
        IntakePot(
            id=pot.id,
            name=pot.name,
            area=pot.area,
            max_proposal_cost=pot.max_proposal_cost,
            budget=pot.budget,
        )
        for pot in config.all_pots
    ]


def pot_counts(config: RoundConfig) -> list[PotCounts]:
    return [PotCounts(pot=pot.id, budget=pot.budget) for pot in config.all_pots]


def count_ballots(counts: list[PotCounts], ballots: dict[str, int]) -> None:
    for pot in counts:
        pot.ballots = ballots.get(pot.pot, 0)


def count_selected(counts: list[PotCounts], results: list[dict[str, object]]) -> None:
    selected = {str(r.get("pot")): r.get("selected") for r in results}
    for pot in counts:
        chosen = selected.get(pot.pot)
        pot.selected = len(chosen) if isinstance(chosen, list) else 0


def ballot_pots(config: RoundConfig) -> list[PotBallotSpec]:
    return [
        PotBallotSpec(
            id=pot.id,
            name=pot.name,
            area=pot.area,
            area_source=pot.area_source,
            budget=pot.budget,
            ballot=pot.ballot,
            rule=pot.counting_rule,
            min_project_score_threshold=pot.min_project_score_threshold,
            min_age=pot.min_age,
            exclusive_pairs=[[first, second] for first, second in pot.exclusive_pairs],
        )
        for pot in config.all_pots
    ]


def assessment_pots(config: RoundConfig) -> list[AssessmentPot]:
    return [
        AssessmentPot(
            pot=pot.id, name=pot.name, area=pot.area, max_proposal_cost=pot.max_proposal_cost
        )
        for pot in config.all_pots
    ]
