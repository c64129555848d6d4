"""A round's pots in its config: budgets that add up, areas, unique ids, each pot's rule."""

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from tests.workflows.helpers import year_long_timeline
from workflows.config import RoundConfig
from workflows.pots import KOMMUN_POT

START = datetime(2027, 1, 10, 9, tzinfo=UTC)
AREAS = [{"id": "norr", "name": "Norr"}, {"id": "soder", "name": "Söder"}]


def config(pots: list[dict[str, Any]], **changes: Any) -> RoundConfig:
    fields: dict[str, Any] = {
        "kommun": "Åre kommun",
        "title": "Medborgarbudget 2027",
        "budget": 1_000_000,
        "timeline": year_long_timeline(START).model_dump(),
        "intake": {"areas": AREAS},
        "pots": pots,
        **changes,
    }
    return RoundConfig.model_validate(fields)


CITY = [
    {"id": "kommun", "name": "Hela kommunen", "budget": 600_000},
    {"id": "norr", "name": "Norr", "budget": 250_000, "area": "norr"},
    {
        "id": "soder",
        "name": "Söder",
        "budget": 150_000,
        "area": "soder",
        "area_source": "declared",
        "ballot": {"type": "cumulative", "total_points": 10},
        "counting_rule": "greedy-threshold",
        "min_project_score_threshold": 25,
    },
]


def test_a_round_without_pots_is_one_kommun_wide_pot() -> None:
    round_config = config([], max_proposal_cost=200_000, counting_rule="mes")
    [pot] = round_config.all_pots
    assert (pot.id, pot.area, pot.budget) == (KOMMUN_POT, None, 1_000_000)
    assert (pot.max_proposal_cost, pot.counting_rule) == (200_000, "mes")
    assert pot.ballot == round_config.ballot


def test_each_pot_takes_its_own_settings_or_the_rounds() -> None:
    kommun, norr, soder = config(CITY, max_proposal_cost=300_000).all_pots
    assert (kommun.max_proposal_cost, norr.max_proposal_cost) == (300_000, 250_000)
    assert norr.ballot.type == "approval" and norr.counting_rule == "greedy"
    assert (soder.ballot.type, soder.counting_rule) == ("cumulative", "greedy-threshold")
    assert (soder.min_project_score_threshold, soder.area_source) == (25, "declared")


EXCLUSIVE = {**CITY[0], "counting_rule": "greedy-exclusive"}
NORR_PAIRS = {**CITY[1], "counting_rule": "greedy-exclusive", "exclusive_pairs": [(12, 13)]}


def test_each_pot_keeps_its_own_exclusive_pairs() -> None:
    pots = [{**EXCLUSIVE, "exclusive_pairs": [(11, 14)]}, NORR_PAIRS, CITY[2]]
    kommun, norr, soder = config(pots).all_pots
    assert (kommun.exclusive_pairs, norr.exclusive_pairs) == ([(11, 14)], [(12, 13)])
    assert soder.exclusive_pairs == []


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"budget": 900_000}, "Potternas budgetar är tillsammans 1000000 kr"),
        ({"pots": [*CITY[:2], {**CITY[1], "budget": 150_000}]}, "Potten norr finns flera"),
        ({"pots": [*CITY[:2], {**CITY[2], "area": None}]}, "Bara en pott kan gälla hela"),
        ({"pots": [*CITY[:2], {**CITY[2], "area": "norr"}]}, "Två potter gäller kommundelen"),
        ({"pots": [*CITY[:2], {**CITY[2], "area": "vaster"}]}, "som inte finns i intake.areas"),
        (
            {"pots": [*CITY[:2], {**CITY[2], "min_project_score_threshold": None}]},
            "Potten soder: Regeln greedy-threshold behöver",
        ),
        (
            {"pots": [*CITY[:2], {**CITY[2], "max_proposal_cost": 200_000}]},
            "Potten soder: maxkostnaden per förslag (200000 kr)",
        ),
        ({"pots": [{**CITY[0], "id": "Hela Kommunen"}, *CITY[1:]]}, "pattern"),
        # Exclusive pairs lie within one pot: named in it, with its rule.
        (
            {"counting_rule": "greedy-exclusive", "exclusive_pairs": [(11, 12)]},
            "anger sina uteslutande par i potten",
        ),
        ({"pots": [{**CITY[0], "exclusive_pairs": [(11, 12)]}, *CITY[1:]]}, "greedy-exclusive"),
        (
            {"pots": [{**EXCLUSIVE, "exclusive_pairs": [(11, 12)]}, NORR_PAIRS, CITY[2]]},
            "Förslag 12 står i uteslutande par i både potten kommun och potten norr",
        ),
    ],
)
def test_a_config_whose_pots_cannot_work_is_refused_with_the_reason(
    change: dict[str, Any], fragment: str
) -> None:
    pots = change.pop("pots", CITY)
    with pytest.raises(ValidationError) as error:
        config(pots, **change)
    assert fragment in str(error.value)


def test_the_rounds_threshold_does_not_reach_a_pot_with_its_own_rule() -> None:
    pots = [
        {**CITY[0], "counting_rule": "greedy"},
        CITY[1],
        {**CITY[2], "counting_rule": None, "min_project_score_threshold": None},
    ]
    round_config = config(pots, counting_rule="greedy-threshold", min_project_score_threshold=3)
    kommun, norr, _ = round_config.all_pots
    assert (kommun.counting_rule, kommun.min_project_score_threshold) == ("greedy", None)
    assert (norr.counting_rule, norr.min_project_score_threshold) == ("greedy-threshold", 3)
