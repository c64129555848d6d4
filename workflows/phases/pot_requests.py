"""What the round tells the services about its pots (workflows/pots.py), built from its config.

Pure functions, as ``requests``; the phases add them only to a round whose config has pots
and only behind ``POTS_PATCH`` (docs/versioning.md), so rounds recorded before pots replay.
"""

from workflows.config import RoundConfig
from workflows.messages.services import IntakePot, PotBallotSpec

POTS_PATCH = "round-pots"


def intake_pots(config: RoundConfig) -> list[IntakePot]:
    return [
        IntakePot(id=pot.id, name=pot.name, area=pot.area, max_proposal_cost=pot.max_proposal_cost)
        for pot in config.all_pots
    ]


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
        )
        for pot in config.all_pots
    ]
