"""The council decides per pot (issue 19): each pot's projects within the pot's budget, and a
pot decided against its own vote needs its own justification. A round without pots is decided
on the round's total as before."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.decision.conftest import ROUND, TALLY, _outcome
from tests.services.decision.test_signals import DECISION
from tests.services.helpers import RecordingSignaler, assert_problem

# Kommun-wide pot 60 000 (voted: 2), Norr 40 000 (voted: 4, 3): 100 000 in all.
POTS_TALLY: dict[str, Any] = {
    **TALLY,
    "rule_version": "pots",
    "selected": [2, 4, 3],
    "projects": [
        {**_outcome(2, 50_000, 3, True), "pot": "kommun"},
        {**_outcome(1, 60_000, 3, False), "pot": "kommun"},
        {**_outcome(4, 10_000, 2, True), "pot": "norr"},
        {**_outcome(3, 30_000, 2, True), "pot": "norr"},
        {**_outcome(5, 35_000, 1, False), "pot": "norr"},
    ],
    "pots": [
        {
            "pot": "kommun",
            "name": "Hela kommunen",
            "area": None,
            "budget": 60_000,
            "rule": "greedy",
            "ballot_count": 6,
            "ballots_hash": "cd" * 32,
            "selected": [2],
            "total_cost": 50_000,
        },
        {
            "pot": "norr",
            "name": "Norr",
            "area": "norr",
            "budget": 40_000,
            "rule": "greedy",
            "ballot_count": 4,
            "ballots_hash": "ef" * 32,
            "selected": [4, 3],
            "total_cost": 40_000,
        },
    ],
}


@pytest.fixture
def pots_recommended(client: TestClient, system: dict[str, str], registered: str) -> str:
    answer = client.put(f"/rounds/{ROUND}/recommendation", json=POTS_TALLY, headers=system)
    assert answer.status_code == 200, answer.text
    return ROUND


def _decide(client: TestClient, auth: TokenFactory, **change: Any) -> Any:
    secretary = auth(Role.COUNCIL_SECRETARY, subject="198001011234", name="Sara")
    body = {**DECISION, **change}
    return client.post(f"/rounds/{ROUND}/council-decision", json=body, headers=secretary)


def test_the_recommendation_keeps_each_pot_and_each_projects_pot(
    client: TestClient, pots_recommended: str
) -> None:
    shown = client.get(f"/rounds/{ROUND}/recommendation").json()
    assert [(p["pot"], p["budget"], p["selected"]) for p in shown["pots"]] == [
        ("kommun", 60_000, [2]),
        ("norr", 40_000, [4, 3]),
    ]
    assert {p["project_id"]: p["pot"] for p in shown["projects"]} == {
        2: "kommun",
        1: "kommun",
        4: "norr",
        3: "norr",
        5: "norr",
    }


def test_a_recommendation_without_pots_shows_none(client: TestClient, recommended: str) -> None:
    shown = client.get(f"/rounds/{ROUND}/recommendation").json()
    assert shown["pots"] == []
    assert all(p["pot"] is None for p in shown["projects"])


@pytest.mark.parametrize(
    "change",
    [
        {"pots": [POTS_TALLY["pots"][0]]},  # norr's projects in no pot
        {"pots": [POTS_TALLY["pots"][0], POTS_TALLY["pots"][0]]},  # a pot twice
        {"pots": [{**POTS_TALLY["pots"][0], "selected": [4]}, POTS_TALLY["pots"][1]]},
    ],
)
def test_a_recommendation_whose_pots_do_not_hold_is_422_and_not_stored(
    client: TestClient, system: dict[str, str], registered: str, change: dict[str, Any]
) -> None:
    body = {**POTS_TALLY, **change}
    answer = client.put(f"/rounds/{ROUND}/recommendation", json=body, headers=system)
    assert_problem(answer, 422, "validation")
    assert client.get(f"/rounds/{ROUND}").json()["recommendation"] is None


def test_the_vote_of_every_pot_is_signalled_without_justification(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, pots_recommended: str
) -> None:
    answer = _decide(client, auth)
    assert answer.status_code == 202, answer.text
    [(_, signal, payload)] = signals.sent
    assert (signal, payload["justifications"]) == ("record_council_decision", {})


def test_a_pot_over_its_own_budget_is_refused_though_the_round_total_fits(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, pots_recommended: str
) -> None:
    # Norr 4 + 3 + 5 = 75 000 over its 40 000; the round's 75 000 is within its 100 000.
    answer = _decide(
        client,
        auth,
        approved_project_ids=[4, 3, 5],
        justifications={"kommun": "Ingen lekplats i år.", "norr": "Alla tre."},
    )
    body = assert_problem(answer, 422, "over-budget")
    assert body["pot"] == "norr"
    assert "Norr" in body["detail"] and "40\u00a0000\u00a0kr" in body["detail"]
    assert [e["field"] for e in body["errors"]] == ["pots.norr"]
    assert signals.sent == []


def test_a_pot_decided_against_its_vote_needs_its_own_justification(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, pots_recommended: str
) -> None:
    # Norr gets 5 instead of 4 and 3; the kommun pot keeps its vote (2).
    change = {"approved_project_ids": [2, 5], "justification": "Allmänt skäl."}
    answer = _decide(client, auth, **change)
    body = assert_problem(answer, 422, "justification-required")
    assert body["pot"] == "norr"
    assert [e["field"] for e in body["errors"]] == ["justifications.norr"]
    # The kommun pot's justification does not stand in for Norr's.
    answer = _decide(client, auth, **change, justifications={"kommun": "Skäl."})
    assert assert_problem(answer, 422, "justification-required")["pot"] == "norr"
    assert signals.sent == []

    answer = _decide(client, auth, **change, justifications={"norr": "Skolan först."})
    assert answer.status_code == 202, answer.text
    [(_, _, payload)] = signals.sent
    assert payload["justifications"] == {"norr": "Skolan först."}


def test_a_justification_for_a_pot_the_round_lacks_is_refused(
    client: TestClient,
    auth: TokenFactory,
    signals: RecordingSignaler,
    pots_recommended: str,
) -> None:
    answer = _decide(client, auth, justifications={"soder": "?"})
    assert assert_problem(answer, 422, "unknown-pot")["pot"] == "soder"
    assert signals.sent == []


def test_a_round_without_pots_takes_no_justification_per_pot(
    client: TestClient, auth: TokenFactory, signals: RecordingSignaler, recommended: str
) -> None:
    answer = _decide(client, auth, justifications={"kommun": "?"})
    assert_problem(answer, 422, "unknown-pot")
    assert signals.sent == []


def test_the_workflows_record_keeps_the_justifications(
    client: TestClient, system: dict[str, str], pots_recommended: str
) -> None:
    record = {
        **DECISION,
        "approved_project_ids": [2, 5],
        "justifications": {"norr": "Skolan först."},
        "recorded_by": "Sara",
        "decided_at": "2027-09-15T10:00:00+02:00",
    }
    answer = client.put(f"/rounds/{ROUND}/council-decision", json=record, headers=system)
    assert answer.status_code == 200, answer.text
    shown = client.get(f"/rounds/{ROUND}").json()["council_decision"]
    assert shown["justifications"] == {"norr": "Skolan först."}
