"""The voting service counts with the round's rule, its frozen options and the ballot type,
and exports open data.

Ballot of conftest: budget 100 000; costs 1: 60 000, 2: 50 000, 3: 30 000, 4: 10 000.
Votes of ``APPROVALS``: 1 → 4, 2 → 3, 3 → 2, 4 → 1; plain greedy funds 1, 3 and 4.
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pabutools.election import Cost_Sat  # type: ignore[import-untyped]
from pabutools.election.pabulib import parse_pabulib_from_string  # type: ignore[import-untyped]
from pabutools.rules import (  # type: ignore[import-untyped]
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from counting.pabulib import parse_pb
from counting.rules import count
from tests.services.helpers import assert_problem
from tests.services.voting.conftest import ROUND, ballot_body, cast, open_ballot, token_headers

# Votes: 1 → 4, 2 → 3, 3 → 2, 4 → 1 (no ties, so any tie order gives the same winners).
APPROVALS = [[1, 2], [1, 3], [1, 2, 4], [1, 2, 3]]


def _vote_count_and_tally(
    client: TestClient, system: dict[str, str], ballots: list[dict[str, Any]], **ballot: Any
) -> dict[str, Any]:
    open_ballot(client, system, **ballot)
    for number, body in enumerate(ballots):
        answer = cast(client, token_headers(f"voter-{number}"), **body)
        assert answer.status_code == 201, answer.text
    assert client.post(f"/rounds/{ROUND}/close", headers=system).is_success
    tallied = client.post(f"/rounds/{ROUND}/tally", headers=system)
    assert tallied.status_code == 200, tallied.text
    return dict(tallied.json())


def _approvals_tallied(client: TestClient, system: dict[str, str], **ballot: Any) -> dict[str, Any]:
    return _vote_count_and_tally(client, system, [{"choices": c} for c in APPROVALS], **ballot)


def test_a_mes_round_is_counted_with_equal_shares_and_certified(
    client: TestClient, system: dict[str, str]
) -> None:
    # 25 000 each: 1 costs all four 15 000, then 4 is paid by its one backer; the two backers
    # of 3 have 10 000 left each. add1 raises the shares until, at 30 000 each, they can pay
    # for 3 too: 1, 3 and 4 spend the whole budget, and 2 no longer fits.
    result = _approvals_tallied(client, system, rule="mes")
    assert result["rule"] == "mes"
    assert result["rule_version"] == "mes/1"
    assert result["selected"] == [1, 3, 4]
    assert result["total_cost"] == 100_000
    codes = {p["project_id"]: p["reason_code"] for p in result["projects"]}
    assert codes == {1: "selected-mes", 2: "does-not-fit", 3: "selected-mes", 4: "selected-mes"}
    certificate = result["certificate"]
    assert certificate["rule"] == "mes"
    assert certificate["options"] == {"utilities": "cost", "completion": "add1+greedy"}
    assert certificate["ballots_sha256"] == result["ballots_hash"]
    assert certificate["tie_break_seed"] == result["ballots_hash"][:16]
    assert client.get(f"/rounds/{ROUND}/results").json() == result
    assert _pabutools_winners(client.get(f"/rounds/{ROUND}/export.pb").text) == {1, 3, 4}


def _pabutools_winners(exported: str) -> set[int]:
    """pabutools' MES with add1 and greedy completion on the exported file."""
    instance, profile = parse_pabulib_from_string(exported)
    mes = {"sat_class": Cost_Sat, "voter_budget_increment": 1}
    outcome = completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [mes, {"sat_class": Cost_Sat}],
    )
    return {int(p.name) for p in outcome}


def test_a_ranked_round_is_counted_by_borda_points(
    client: TestClient, system: dict[str, str]
) -> None:
    # Points 3, 2, 1: project 4 gets 3 + 3, 3 gets 2 + 1, 2 gets 1 + 2, 1 gets 3.
    ranked = [{"choices": [4, 3, 2]}, {"choices": [4, 2, 3]}, {"choices": [1]}]
    result = _vote_count_and_tally(client, system, ranked, ballot_type="ranked")
    votes = {p["project_id"]: p["votes"] for p in result["projects"]}
    assert votes == {1: 3, 2: 3, 3: 3, 4: 6}
    assert result["selected"] == [4, 3, 2]  # equal points: the cheaper first; 1 does not fit


def test_a_cumulative_round_is_counted_by_points(
    client: TestClient, system: dict[str, str]
) -> None:
    ballots = [{"choices": [2, 4], "points": [1, 9]}, {"choices": [3], "points": [10]}]
    result = _vote_count_and_tally(
        client, system, ballots, ballot_type="cumulative", max_choices=None, total_points=10
    )
    assert {p["project_id"]: p["votes"] for p in result["projects"]} == {1: 0, 2: 1, 3: 10, 4: 9}
    assert result["selected"] == [3, 4, 2]


def test_export_waits_for_the_result(client: TestClient, system: dict[str, str]) -> None:
    open_ballot(client, system)
    assert_problem(client.get(f"/rounds/{ROUND}/export.pb"), 409, "results-not-published")
    assert_problem(client.get("/rounds/no-such-round/export.pb"), 404, "ballot-not-found")


def test_export_is_anonymous_open_data_that_pabutools_counts_to_the_same_winners(
    client: TestClient, system: dict[str, str]
) -> None:
    result = _approvals_tallied(client, system)
    assert result["selected"] == [1, 3, 4]
    answer = client.get(f"/rounds/{ROUND}/export.pb")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == f'attachment; filename="{ROUND}.pb"'
    text = answer.text
    votes = text.split("VOTES\n")[1].splitlines()
    assert votes == ["voter_id;vote", "1;1,2", "2;1,2,3", "3;1,2,4", "4;1,3"]
    assert "voter-" not in text and "receipt" not in text and "cast_at" not in text

    instance, profile = parse_pabulib_from_string(text)
    published = {int(p.name) for p in instance if instance.project_meta[p]["selected"] == "1"}
    assert published == set(result["selected"])
    assert instance.meta["rule"] == "greedy"
    assert instance.meta["currency"] == "SEK"  # no currency in the ballot: Swedish kronor
    outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    assert {int(p.name) for p in outcome} == published

    replay = parse_pb(text)
    recount = count(replay.profile, "greedy")
    assert recount.certificate.ballots_sha256 == result["ballots_hash"]
    assert list(recount.selected) == result["selected"]


def test_the_open_data_states_the_rounds_currency(
    client: TestClient, system: dict[str, str]
) -> None:
    _approvals_tallied(client, system, currency="EUR")
    assert client.get(f"/rounds/{ROUND}/results").status_code == 200
    assert parse_pb(client.get(f"/rounds/{ROUND}/export.pb").text).meta["currency"] == "EUR"


def test_a_currency_that_is_no_iso_code_is_refused(
    client: TestClient, system: dict[str, str]
) -> None:
    for currency in ("eur", "EURO", ""):
        body = ballot_body(currency=currency)
        answer = client.put(f"/rounds/{ROUND}/ballot", json=body, headers=system)
        assert_problem(answer, 422, "validation")
    assert_problem(client.get(f"/rounds/{ROUND}/ballot"), 404, "ballot-not-found")


def test_a_threshold_round_sets_aside_projects_with_too_few_votes(
    client: TestClient, system: dict[str, str]
) -> None:
    result = _approvals_tallied(
        client, system, rule="greedy-threshold", min_project_score_threshold=2
    )
    assert result["rule"] == "greedy-threshold"
    assert result["selected"] == [1, 3]  # 4 fits but has one vote, below the threshold of 2
    codes = {p["project_id"]: p["reason_code"] for p in result["projects"]}
    assert codes == {1: "selected", 2: "does-not-fit", 3: "selected", 4: "below-threshold"}
    assert result["certificate"]["options"] == {"threshold": 2}
    ballot = client.get(f"/rounds/{ROUND}/ballot").json()
    assert ballot["min_project_score_threshold"] == 2


def test_an_exclusive_round_never_funds_both_projects_of_a_pair(
    client: TestClient, system: dict[str, str]
) -> None:
    result = _approvals_tallied(client, system, rule="greedy-exclusive", exclusive_pairs=[[3, 1]])
    assert result["selected"] == [1, 4]  # 3 would fit, but 1 (more votes) is funded
    reasons = {p["project_id"]: (p["reason_code"], p["reason"]) for p in result["projects"]}
    assert reasons[3] == ("excluded", reasons[3][1])
    assert "förslag 1" in reasons[3][1]
    assert result["certificate"]["options"] == {"exclusive": [[3, 1]]}


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"rule": "greedy-threshold"}, "min_project_score_threshold"),
        ({"rule": "greedy", "min_project_score_threshold": 2}, "min_project_score_threshold"),
        ({"rule": "greedy-threshold", "min_project_score_threshold": -1}, "min_project_score"),
        ({"rule": "greedy", "exclusive_pairs": [[1, 2]]}, "exclusive_pairs"),
        ({"rule": "greedy-exclusive", "exclusive_pairs": [[1, 1]]}, "två olika förslag"),
        ({"rule": "greedy-exclusive", "exclusive_pairs": [[1, 9]]}, "på röstsedeln"),
        ({"rule": "greedy-exclusive", "exclusive_pairs": [[1, 2, 3]]}, "två olika förslag"),
        ({"rule": "greedy-exclusive", "exclusive_pairs": [[1, 2], [2, 1]]}, "finns redan"),
    ],
)
def test_rule_options_that_do_not_fit_the_rule_or_ballot_are_refused(
    client: TestClient, system: dict[str, str], changes: dict[str, Any], fragment: str
) -> None:
    answer = client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(**changes), headers=system)
    assert fragment in assert_problem(answer, 422, "validation")["detail"]
    assert client.get(f"/rounds/{ROUND}/ballot").status_code == 404  # nothing was stored
