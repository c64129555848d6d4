"""A round counted with ``greedy-threshold`` or ``greedy-exclusive`` uses its frozen options.

Ballot of conftest: budget 100 000; costs 1: 60 000, 2: 50 000, 3: 30 000, 4: 10 000.
Votes: 1 → 4, 2 → 3, 3 → 2, 4 → 1; plain greedy funds 1, 3 and 4 (2 does not fit).
"""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.services.helpers import assert_problem
from tests.services.voting.conftest import ROUND, ballot_body, cast, open_ballot, token_headers

APPROVALS = [[1, 2], [1, 3], [1, 2, 4], [1, 2, 3]]


def _tally(client: TestClient, system: dict[str, str], **ballot: Any) -> dict[str, Any]:
    open_ballot(client, system, **ballot)
    for number, choices in enumerate(APPROVALS):
        assert cast(client, token_headers(f"voter-{number}"), choices).status_code == 201
    assert client.post(f"/rounds/{ROUND}/close", headers=system).is_success
    answer = client.post(f"/rounds/{ROUND}/tally", headers=system)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_a_threshold_round_sets_aside_projects_with_too_few_votes(
    client: TestClient, system: dict[str, str]
) -> None:
    result = _tally(client, system, rule="greedy-threshold", min_project_score_threshold=2)
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
    result = _tally(client, system, rule="greedy-exclusive", exclusive_pairs=[[3, 1]])
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
