"""A round's pots in the voting service: one ballot per person per pot, each pot's electorate,
ballot type and rule, paper ballots, receipts, and the count per pot and in total."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from services.common.auth import Role
from services.common.types import utc_now
from services.voting.models import Ballot
from tests.services.helpers import assert_problem
from tests.services.voting.conftest import (
    ROUND,
    ballot_body,
    personnummer,
    stored_ballots,
    token_headers,
)

ADULT = date(1980, 5, 1)


def pots(**changes: Any) -> list[dict[str, Any]]:
    kommun = {
        "pot": "kommun",
        "name": "Hela kommunen",
        "budget": 60_000,
        "ballot_type": "approval",
        "max_choices": 2,
        "projects": [{"project_id": 1, "cost": 40_000}, {"project_id": 2, "cost": 30_000}],
    }
    norr = {
        "pot": "norr",
        "name": "Norr",
        "area": "norr",
        "budget": 40_000,
        "ballot_type": "cumulative",
        "total_points": 10,
        "rule": "greedy-threshold",
        "min_project_score_threshold": 6,
        "eligibility": {"areas": ["norr"], "min_age": 16},
        "projects": [{"project_id": 3, "cost": 30_000}, {"project_id": 4, "cost": 10_000}],
    }
    return [kommun, {**norr, **changes}]


def voter(number: int, area: str | None = None) -> dict[str, str]:
    subject = personnummer(ADULT, f"{200 + number:03d}")
    return token_headers(subject, Role.RESIDENT, **({"area": area} if area else {}))


@pytest.fixture
def pot_round(client: TestClient, system: dict[str, str]) -> str:
    assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
    answer = client.put(f"/rounds/{ROUND}/pots", json={"pots": pots()}, headers=system)
    assert answer.status_code == 200, answer.text
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
    return ROUND


def cast(
    client: TestClient, pot: str, headers: dict[str, str], choices: list[int], **more: Any
) -> Any:
    path = f"/rounds/{ROUND}/pots/{pot}/ballots"
    return client.post(path, json={"choices": choices, **more}, headers=headers)


def test_pots_are_listed_with_budgets_and_open_with_the_round(
    client: TestClient, pot_round: str
) -> None:
    listed = client.get(f"/rounds/{pot_round}/pots").json()
    assert [(p["pot"], p["budget"], p["status"], p["area"]) for p in listed] == [
        ("kommun", 60_000, "open", None),
        ("norr", 40_000, "open", "norr"),
    ]
    ballot = client.get(f"/rounds/{pot_round}/pots/norr/ballot").json()
    assert (ballot["ballot_type"], ballot["total_points"], ballot["status"]) == (
        "cumulative",
        10,
        "open",
    )


def test_one_ballot_per_person_per_pot(client: TestClient, pot_round: str) -> None:
    resident = voter(1, "norr")
    assert cast(client, "kommun", resident, [1]).status_code == 201
    assert cast(client, "norr", resident, [3], points=[10]).status_code == 201
    assert cast(client, "norr", resident, [3, 4], points=[5, 5]).status_code == 200
    rows = stored_ballots(client)
    assert sorted(row.round_id for row in rows) == [f"{ROUND}~kommun", f"{ROUND}~norr"]
    # The database itself refuses a second row of one voter in one pot.
    norr = next(row for row in rows if row.round_id.endswith("~norr"))
    engine = client.app.state.engine  # type: ignore[attr-defined]
    row = norr.model_dump(exclude={"id"}) | {"receipt": "another-receipt-x"}
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(Ballot), [row])


def test_a_ballot_for_a_pot_the_voter_may_not_vote_in_is_refused(
    client: TestClient, pot_round: str
) -> None:
    answer = cast(client, "norr", voter(2, "soder"), [3], points=[10])
    assert "norr" in assert_problem(answer, 403, "not-eligible")["detail"]
    assert_problem(cast(client, "vaster", voter(2, "soder"), [1]), 404, "pot-not-found")
    assert_problem(cast(client, "Norr!", voter(2), [1]), 422)
    # The round's own ballot takes no ballots when it has pots: the voter picks a pot.
    answer = client.post(f"/rounds/{ROUND}/ballots", json={"choices": [1]}, headers=voter(2))
    assert_problem(answer, 409, "choose-pot")
    # A ballot breaking the pot's own type (points over 10) is refused by that pot's rules.
    assert_problem(cast(client, "norr", voter(3, "norr"), [3], points=[11]), 422)
    assert stored_ballots(client) == []


def test_the_voter_sees_the_pots_they_may_vote_in(client: TestClient, pot_round: str) -> None:
    mine = client.get(f"/rounds/{pot_round}/pots/mine", headers=voter(4, "norr")).json()
    assert [p["pot"] for p in mine] == ["kommun", "norr"]
    mine = client.get(f"/rounds/{pot_round}/pots/mine", headers=voter(4, "soder")).json()
    assert [p["pot"] for p in mine] == ["kommun"]


def test_paper_ballot_and_receipt_in_a_pot(
    client: TestClient, pot_round: str, official: dict[str, str]
) -> None:
    body = {
        "choices": [4],
        "points": [10],
        "voter": personnummer(ADULT, "301"),
        "area": "norr",
        "polling_place": "Biblioteket",
    }
    answer = client.post(f"/rounds/{ROUND}/pots/norr/paper-ballots", json=body, headers=official)
    assert answer.status_code == 201, answer.text
    receipt = answer.json()["receipt"]
    checked = client.get(f"/rounds/{ROUND}/receipts/{receipt}").json()
    assert checked["counted"] is True
    online = token_headers(personnummer(ADULT, "301"), Role.RESIDENT, area="norr")
    assert_problem(cast(client, "norr", online, [3], points=[10]), 409, "paper-ballot-exists")


def test_each_pot_is_counted_with_its_own_rule(
    client: TestClient, pot_round: str, system: dict[str, str]
) -> None:
    for number in range(3):
        assert cast(client, "kommun", voter(10 + number), [1, 2]).is_success
    assert cast(client, "kommun", voter(13), [1]).is_success
    assert cast(client, "norr", voter(20, "norr"), [3, 4], points=[4, 6]).is_success
    assert cast(client, "norr", voter(21, "norr"), [3, 4], points=[1, 9]).is_success
    closed = client.post(f"/rounds/{ROUND}/close", headers=system).json()
    assert (closed["ballot_count"], closed["pots"]) == (6, {"kommun": 4, "norr": 2})
    assert_problem(cast(client, "kommun", voter(30), [1]), 409, "voting-not-open")
    result = client.post(f"/rounds/{ROUND}/tally", headers=system).json()
    by_pot = {pot["pot"]: pot for pot in result["pots"]}
    # kommun: greedy by votes, 1 (40 000) then 2 does not fit in 60 000.
    assert by_pot["kommun"]["selected"] == [1]
    # norr: project 3 has 5 points, under the threshold 6; project 4 has 15.
    assert (by_pot["norr"]["selected"], by_pot["norr"]["rule"]) == ([4], "greedy-threshold")
    assert (result["selected"], result["budget"], result["ballot_count"]) == ([1, 4], 100_000, 6)
    assert {p["project_id"]: p["pot"] for p in result["projects"]} == {
        1: "kommun",
        2: "kommun",
        3: "norr",
        4: "norr",
    }
    assert set(result["certificate"]["pots"]) == {"kommun", "norr"}
    assert client.get(f"/rounds/{ROUND}/results").json()["pots"] == result["pots"]
    statistics = client.get(f"/rounds/{ROUND}/statistics").json()
    assert statistics["ballot_count"] == 6  # every pot's ballots
    assert {p["project_id"]: p["ballots"] for p in statistics["projects"]}[1] == 4
    norr = client.get(f"/rounds/{ROUND}/pots/norr/results").json()
    assert (norr["round_id"], norr["selected"], norr["ballot_count"]) == (ROUND, [4], 2)


def test_pots_are_frozen_once_voting_opens(
    client: TestClient, pot_round: str, system: dict[str, str]
) -> None:
    same = client.put(f"/rounds/{ROUND}/pots", json={"pots": pots()}, headers=system)
    assert same.status_code == 200
    other = client.put(f"/rounds/{ROUND}/pots", json={"pots": pots(budget=1)}, headers=system)
    assert_problem(other, 409, "ballot-frozen")


def test_a_pot_that_breaks_the_ballot_rules_is_refused_and_nothing_stored(
    client: TestClient, system: dict[str, str]
) -> None:
    assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
    bad = pots(min_project_score_threshold=None)
    answer = client.put(f"/rounds/{ROUND}/pots", json={"pots": bad}, headers=system)
    assert "Potten norr" in assert_problem(answer, 422)["detail"]
    twice = [pots()[0], pots()[0]]
    answer = client.put(f"/rounds/{ROUND}/pots", json={"pots": twice}, headers=system)
    assert_problem(answer, 422)
    assert client.get(f"/rounds/{ROUND}/pots").json() == []
    assert_problem(
        client.put("/rounds/no-such-round/pots", json={"pots": pots()}, headers=system), 404
    )


def test_cancelled_round_closes_its_pots(client: TestClient, pot_round: str) -> None:
    from services.voting.archive import close_ballot_of_archived_round

    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.begin() as conn:
        close_ballot_of_archived_round(conn, ROUND)
    statuses = {p["pot"]: p["status"] for p in client.get(f"/rounds/{ROUND}/pots").json()}
    assert statuses == {"kommun": "closed", "norr": "closed"}
    assert utc_now()  # the round's pots refuse ballots from here on
    assert_problem(cast(client, "kommun", voter(40), [1]), 409, "voting-not-open")
