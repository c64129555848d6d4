"""`medborgarbudget demo` on a small real election: Assen's 2024 youth budget (84 voters, 14
projects, Method of Equal Shares with add1), replayed through the real stack over HTTP, funds
exactly the projects the city funded, and the round's history stays small."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from medborgarbudget.cli import _parser
from medborgarbudget.demo import VOTING_MARGIN, DemoOptions, Replay, plan_timeline
from medborgarbudget.demo_city import DemoCity
from medborgarbudget.demo_cli import stack_urls
from medborgarbudget.demo_election import SHIPPED_FILE, DemoElection
from medborgarbudget.demo_report import show
from medborgarbudget.driver import connect
from medborgarbudget.stack import LocalStack
from workflows.config import RoundConfig

# A round's history is a few hundred events whatever its size: no ballot passes through it.
MAX_HISTORY_EVENTS = 600


@pytest.mark.e2e
@pytest.mark.timeout(180)
async def test_a_real_election_replayed_funds_what_the_city_funded(stack: LocalStack) -> None:
    city = DemoCity.load(SHIPPED_FILE)
    demo = city.main
    assert demo.rule == "equalshares/add1" and not city.has_pots
    screen = io.StringIO()
    console = Console(file=screen, width=120)
    # Generous windows: the test shares two cores with other test runs.
    options = DemoOptions(clients=8, ballot_rate=40, pace=1.5, round_id="demo-assen")

    outcome = await Replay(city, stack, options, console).run()
    [comparison] = show(console, city, outcome, "http://ui.invalid")

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


def test_the_shipped_election_becomes_a_valid_round_config() -> None:
    assert SHIPPED_FILE.stat().st_size < 10_000
    demo = DemoElection.load(SHIPPED_FILE)
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    timeline = plan_timeline(now, len(demo.projects), demo.voter_count, DemoOptions())
    config = RoundConfig.model_validate(demo.round_config("demo-assen", timeline))
    assert (config.budget, config.counting_rule, config.kommun, config.currency) == (
        100_000,
        "equalshares/add1",
        "Assen",
        "EUR",  # the file's currency: the pages show euros, not kronor
    )
    assert config.ballot.type == "approval"
    assert config.ballot.max_choices == max(len(ballot) for ballot in demo.ballots) == 9
    assert demo.rule_note is None
    assert len(demo.projects) == 14
    assert demo.projects[0].title == "PopUp Podium"


def test_the_voting_window_is_planned_for_the_ballot_rate() -> None:
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    plan = plan_timeline(now, 50, 10_000, DemoOptions(ballot_rate=200))
    opens, closes = (
        datetime.fromisoformat(plan[k]) for k in ("voting_opens_at", "voting_closes_at")
    )
    assert (closes - opens).total_seconds() == pytest.approx(4 + VOTING_MARGIN * 10_000 / 200)


def test_a_rule_a_round_cannot_use_becomes_greedy_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "exclusive.pb"
    path.write_text(
        "META\nkey;value\nnum_projects;2\nnum_votes;3\nbudget;100\nvote_type;choose-1\n"
        "rule;greedy-exclusive\nPROJECTS\nproject_id;cost;votes\n1;60;1\n2;50;2\n"
        "VOTES\nvoter_id;vote\n1;1\n2;2\n3;2\n",
        encoding="utf-8",
    )
    demo = DemoElection.load(path)
    assert demo.rule == "greedy"
    assert demo.rule_note is not None and "greedy-exclusive" in demo.rule_note
    assert demo.max_choices == 1
    assert demo.reference().selected == demo.engine_count() == {2}
    assert [p.title for p in demo.projects] == ["Projekt 1", "Projekt 2"]


def test_only_approval_and_cumulative_elections_are_replayed(tmp_path: Path) -> None:
    path = tmp_path / "ranked.pb"
    path.write_text(
        "META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;100\nvote_type;ordinal\n"
        "PROJECTS\nproject_id;cost;votes\n1;60;3\nVOTES\nvoter_id;vote\n1;1\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="cumulative"):
        DemoElection.load(path)


def test_the_demo_command_reads_the_stack_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MB_VOTING_URL", "http://voting.invalid:9103")
    monkeypatch.delenv("MB_INTAKE_URL", raising=False)
    args = _parser().parse_args(["demo", "--clients", "4", "--temporal", "127.0.0.1:17233"])
    urls = stack_urls(args)
    assert args.file is None and args.clients == 4
    assert urls.temporal_address == "127.0.0.1:17233"
    assert urls.url("voting") == "http://voting.invalid:9103"
    assert urls.url("intake") == "http://127.0.0.1:8101"
