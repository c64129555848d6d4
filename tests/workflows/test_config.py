"""The round's config, the workflow's own checks and the Swedish texts, without a server."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from tests.workflows.helpers import year_long_timeline
from workflows.config import RoundConfig
from workflows.display import current_details, format_sek, round_details, stockholm_time
from workflows.messages.round import RoundCounts, RoundPhase
from workflows.messages.services import ProjectResult, TallyResult
from workflows.messages.signals import CouncilDecision
from workflows.messages.status import RoundStatus
from workflows.rules import council_decision_problem, round_id_problem
from workflows.search_attributes import DEV_SERVER_FLAGS
from workflows.settings import WorkerSettings

START = datetime(2027, 1, 10, 9, tzinfo=UTC)


def config(**changes: Any) -> RoundConfig:
    fields: dict[str, Any] = {
        "kommun": "Åre kommun",
        "title": "Medborgarbudget 2027",
        "budget": 500_000,
        "timeline": year_long_timeline(START).model_dump(),
        **changes,
    }
    return RoundConfig.model_validate(fields)


def test_defaults_follow_the_timeline_and_budget() -> None:
    round_config = config()
    assert round_config.round_year == 2027
    assert round_config.proposal_cost_limit == 500_000
    assert round_config.ballot.max_choices == 5
    assert round_config.assessment_recheck == timedelta(days=1)


def test_timeline_out_of_order_is_explained_in_swedish_and_english() -> None:
    timeline = year_long_timeline(START).model_dump()
    timeline["assessment_due_at"] = timeline["intake_closes_at"]
    with pytest.raises(ValidationError) as error:
        config(timeline=timeline)
    message = str(error.value)
    assert "bedömningen ska vara klar (assessment_due_at) måste vara efter" in message
    assert "Timeline out of order: assessment_due_at must be after intake_closes_at" in message


def test_times_must_carry_a_timezone() -> None:
    timeline = year_long_timeline(START).model_dump()
    timeline["voting_opens_at"] = "2027-04-01T09:00:00"
    with pytest.raises(ValidationError, match="timezone"):
        config(timeline=timeline)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"budget": 0}, "budget"),
        ({"max_proposal_cost": 600_000}, "får inte vara större än budgeten"),
        ({"assessment_recheck": "PT10M"}, "högst en gång i timmen"),
        ({"id": "Åre 2027"}, "id"),
        ({"counting_rule": "borda"}, "counting_rule"),
    ],
)
def test_bad_config_is_refused(changes: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        config(**changes)


def test_round_id_must_fit_and_match_the_workflow_id() -> None:
    assert round_id_problem("are-2027", config()) is None
    assert round_id_problem("are-2027", config(id="are-2027")) is None
    assert "skiljer sig" in (round_id_problem("are-2027", config(id="are-2028")) or "")
    assert "duger inte" in (round_id_problem("Åre 2027", config()) or "")


TALLY = TallyResult(
    round_id="are-2027",
    rule="greedy",
    rule_version="1",
    budget=500_000,
    ballot_count=120,
    ballots_hash="sha256:x",
    selected=[13, 11],
    total_cost=400_000,
    projects=[
        ProjectResult(project_id=11, cost=100_000, votes=40, selected=True),
        ProjectResult(project_id=12, cost=200_000, votes=30, selected=False),
        ProjectResult(project_id=13, cost=300_000, votes=50, selected=True),
    ],
)


def decision(ids: list[int], **changes: Any) -> CouncilDecision:
    fields: dict[str, Any] = {
        "approved_project_ids": ids,
        "diarienummer": "KS 2027/118",
        "paragraph": "§ 42",
        "meeting_date": "2027-06-10",
        "recorded_by": "Sara",
        **changes,
    }
    return CouncilDecision.model_validate(fields)


@pytest.mark.parametrize(
    ("council", "problem"),
    [
        (decision([13, 11]), None),
        (decision([11, 13]), None),
        (decision([12, 11], justification="Bättre spridning."), None),
        (decision([13, 12]), "avviker"),
        (decision([13, 99]), "Projekt 99 fanns inte med"),
        (decision([13, 11, 12], justification="Alla."), "600 000 kr men budgeten är 500 000 kr"),
        (decision([13, 13]), "flera gånger"),
        (decision([13, 11], diarienummer=" "), "Diarienummer"),
        (decision([13, 11], meeting_date="9999-12-31"), "ligger utanför det tillåtna spannet"),
    ],
)
def test_council_decision_checks(council: CouncilDecision, problem: str | None) -> None:
    found = council_decision_problem(council, TALLY)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_texts_for_people_are_swedish_in_swedish_time() -> None:
    assert format_sek(1_250_000) == "1 250 000 kr"
    assert stockholm_time(datetime(2027, 1, 10, 9, tzinfo=UTC)) == "2027-01-10 10:00 (svensk tid)"
    assert stockholm_time(datetime(2027, 7, 1, 9, tzinfo=UTC)) == "2027-07-01 11:00 (svensk tid)"
    details = round_details(config(approvers=["Anna Andersson"]))
    assert "Budget: 500 000 kr" in details
    assert "| röstningen öppnar | 2027-05-10 11:00 (svensk tid) |" in details
    assert "Godkänner röstsedeln: Anna Andersson" in details


def test_dev_server_flags_declare_every_search_attribute() -> None:
    assert DEV_SERVER_FLAGS == [
        "--search-attribute",
        "RoundPhase=Keyword",
        "--search-attribute",
        "Kommun=Keyword",
        "--search-attribute",
        "RoundYear=Int",
        "--search-attribute",
        "PhaseDeadline=Datetime",
    ]


def test_worker_settings_read_the_mb_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MB_TASK_QUEUE", "are")
    monkeypatch.setenv("MB_VOTING_URL", "http://voting:8103/")
    settings = WorkerSettings()
    assert (settings.task_queue, settings.voting_url) == ("are", "http://voting:8103")
    assert settings.decision_url == "http://127.0.0.1:8104"


def test_the_console_does_not_say_zero_ballots_while_people_vote() -> None:
    def details(phase: RoundPhase, ballots: int) -> str:
        status = RoundStatus(
            round_id="are-2027",
            phase=phase,
            phase_deadline=None,
            waiting_for="att röstningen stänger",
            responsible="",
            timeline=year_long_timeline(START),
            counts=RoundCounts(proposals=5, feasible=4, ballots=ballots),
        )
        return current_details(status)

    assert "0 röstsedlar" not in details(RoundPhase.VOTING, 0)
    assert "röstsedlar räknas när röstningen stänger" in details(RoundPhase.VOTING, 0)
    assert "3 röstsedlar" in details(RoundPhase.COUNCIL_DECISION, 3)
