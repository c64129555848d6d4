"""`medborgarbudget demo DIR` on a small city (Katowice 2023: the municipal file trimmed and two
district files, tests/data/katowice_mini): ONE round with three pots replayed through a stack
of its own funds in every pot what the file says, with cumulative ballots and
greedy-threshold, and the round's history stays bounded."""

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from medborgarbudget.demo import DemoOptions, Replay
from medborgarbudget.demo_city import DemoCity
from medborgarbudget.demo_report import as_json, show
from medborgarbudget.driver import connect
from medborgarbudget.stack import LocalStack

CITY = Path(__file__).parents[1] / "data" / "katowice_mini"
# 400 events per round and a few per pot: nothing per ballot or per proposal.
MAX_HISTORY_EVENTS = 400 + 10 * 3


def test_a_city_folder_is_one_round_with_a_pot_per_file() -> None:
    city = DemoCity.load(CITY)
    assert [(pot.id, pot.area) for pot in city.pots] == [
        ("kommun", None),
        ("brynow-czesc-wschodnia-osiedle-zgrzebnio", "brynow-czesc-wschodnia-osiedle-zgrzebnio"),
        ("zarzecze", "zarzecze"),
    ]
    assert (city.ballot_count, len(city.voters)) == (2748, 1483)
    # A person in the municipal file and a district file casts two ballots, in two pots.
    assert sum(len(voter.ballots) == 2 for voter in city.voters) == 1265
    assert all(
        voter.area is None
        for voter in city.voters
        if len(voter.ballots) == 1 and city.pots[voter.ballots[0][0]].area is None
    )


@pytest.mark.e2e
@pytest.mark.timeout(300)
async def test_a_city_replayed_funds_in_every_pot_what_the_city_funded(
    stack: LocalStack,
) -> None:
    city = DemoCity.load(CITY)
    console = Console(file=io.StringIO(), width=120)
    # Generous windows: the test shares two cores with other test runs.
    options = DemoOptions(clients=8, ballot_rate=100, pace=1.5, round_id="demo-katowice-mini")

    outcome = await Replay(city, stack, options, console).run()
    comparisons = show(console, city, outcome, "http://ui.invalid")
    printed = as_json(outcome, comparisons)

    assert outcome.final_phase == "COMPLETED"
    assert outcome.ballots_cast == outcome.results["ballot_count"] == 2748
    assert [pot["pot"] for pot in outcome.results["pots"]] == [pot.id for pot in city.pots]
    assert set(printed) == {"round_id", "phase", "wall_s", "ballots", "pots"}
    assert (printed["phase"], printed["ballots"]) == ("COMPLETED", 2748)
    for pot in printed["pots"]:
        assert set(pot) == {"file", "pot", "selected", "expected", "match"}
        assert pot["match"] and pot["selected"] == pot["expected"], pot
    zarzecze = next(pot for pot in printed["pots"] if pot["pot"] == "zarzecze")
    assert zarzecze["selected"] == sorted(
        ["L20/01/X", "L20/02/X", "L20/03/X", "L20/04/X", "L20/07/X", "L20/09/X"]
    )
    assert json.loads(json.dumps(printed)) == printed
    assert sorted(outcome.approved) == sorted(outcome.results["selected"])

    client = await connect(stack)
    history = await client.get_workflow_handle(outcome.round_id).fetch_history()
    assert 0 < len(history.events) < MAX_HISTORY_EVENTS
