"""`medborgarbudget demo` on a small real election: Assen's 2024 youth budget (84 voters, 14
projects, Method of Equal Shares with add1), replayed through the real stack over HTTP, funds
exactly the projects the city funded, and the round's history stays small."""

import io
from pathlib import Path

import pytest
from rich.console import Console

from medborgarbudget.demo import DemoOptions, Replay
from medborgarbudget.demo_election import SHIPPED_FILE, DemoElection
from medborgarbudget.demo_report import show
from medborgarbudget.driver import connect
from medborgarbudget.stack import LocalStack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
# A round's history is a few hundred events whatever its size: no ballot passes through it.
MAX_HISTORY_EVENTS = 600


async def test_a_real_election_replayed_funds_what_the_city_funded(stack: LocalStack) -> None:
    demo = DemoElection.load(SHIPPED_FILE)
    assert demo.rule == "equalshares/add1"
    screen = io.StringIO()
    console = Console(file=screen, width=120)
    # Generous windows: the test shares two cores with other test runs.
    options = DemoOptions(clients=8, ballot_rate=40, pace=1.5, round_id="demo-assen")

    outcome = await Replay(demo, stack, options, console).run()
    comparison = show(console, demo, outcome, "http://ui.invalid")

    assert outcome.final_phase == "COMPLETED"
    assert outcome.ballots_cast == outcome.results["ballot_count"] == demo.voter_count == 84
    assert comparison.reference.source.startswith("filens kolumn selected")
    assert comparison.round_selected == comparison.reference.selected
    assert sorted(map(str, comparison.round_selected)) == sorted(
        ["2", "3", "5", "6", "9", "11", "12", "13", "14"]
    )
    assert sorted(outcome.approved) == sorted(outcome.results["selected"])
    assert "Samma 9 projekt som filens kolumn selected" in screen.getvalue()

    client = await connect(stack)
    history = await client.get_workflow_handle(outcome.round_id).fetch_history()
    assert 0 < len(history.events) < MAX_HISTORY_EVENTS


def test_the_shipped_election_is_small() -> None:
    assert SHIPPED_FILE.stat().st_size < 10_000
    assert Path(SHIPPED_FILE).suffix == ".pb"
