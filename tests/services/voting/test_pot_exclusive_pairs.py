"""Exclusive pairs per pot (issue 19): a pot counted with greedy-exclusive keeps its own
pairs, within its own projects; a pair naming another pot's project is refused."""

from fastapi.testclient import TestClient

from tests.services.helpers import assert_problem
from tests.services.voting.conftest import ROUND, ballot_body
from tests.services.voting.test_pots import cast, pots, voter

# Project 2 costs 10 000: 1 and 2 both fit the kommun pot's 60 000 but for the pair.
KOMMUN = {
    **pots()[0],
    "rule": "greedy-exclusive",
    "exclusive_pairs": [[1, 2]],
    "projects": [{"project_id": 1, "cost": 40_000}, {"project_id": 2, "cost": 10_000}],
}


def test_a_pots_exclusive_pair_keeps_one_of_the_two_out(
    client: TestClient, system: dict[str, str]
) -> None:
    assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
    body = {"pots": [KOMMUN, pots()[1]]}
    answer = client.put(f"/rounds/{ROUND}/pots", json=body, headers=system)
    assert answer.status_code == 200, answer.text
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
    for number in range(2):
        assert cast(client, "kommun", voter(10 + number), [1, 2]).is_success
    assert cast(client, "kommun", voter(12), [1]).is_success  # 1 has the most votes
    assert cast(client, "norr", voter(20, "norr"), [3, 4], points=[4, 6]).is_success
    assert client.post(f"/rounds/{ROUND}/close", headers=system).is_success
    result = client.post(f"/rounds/{ROUND}/tally", headers=system).json()
    kommun = next(pot for pot in result["pots"] if pot["pot"] == "kommun")
    assert (kommun["rule"], kommun["selected"]) == ("greedy-exclusive", [1])
    certificate = result["certificate"]["pots"]["kommun"]
    assert "exclusive" in str(certificate), certificate


def test_a_pair_with_another_pots_project_is_refused_and_nothing_stored(
    client: TestClient, system: dict[str, str]
) -> None:
    assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
    across = {**KOMMUN, "exclusive_pairs": [[1, 3]]}
    answer = client.put(f"/rounds/{ROUND}/pots", json={"pots": [across, pots()[1]]}, headers=system)
    assert "Potten kommun" in assert_problem(answer, 422)["detail"]
    assert client.get(f"/rounds/{ROUND}/pots").json() == []
