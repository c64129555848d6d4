"""Each pot's result as open data (issue 19): its projects as CSV beside its JSON, and its
counted ballots in pabulib's format, counted again to the pot's own selection; nothing is
published before the result, and an unknown pot is a 404."""

import csv
import io

from fastapi.testclient import TestClient

from counting.pabulib import parse_pb
from counting.rules import Options, count
from tests.services.helpers import assert_problem
from tests.services.voting.conftest import ROUND, ballot_body
from tests.services.voting.test_pots import cast, pots, voter


def _counted_round(client: TestClient, system: dict[str, str], **ballot: str) -> None:
    body = ballot_body(**ballot)
    assert client.put(f"/rounds/{ROUND}/ballot", json=body, headers=system).is_success
    answer = client.put(f"/rounds/{ROUND}/pots", json={"pots": pots()}, headers=system)
    assert answer.status_code == 200, answer.text
    assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
    for number in range(3):
        assert cast(client, "kommun", voter(10 + number), [1, 2]).is_success
    assert cast(client, "kommun", voter(13), [1]).is_success
    assert cast(client, "norr", voter(20, "norr"), [3, 4], points=[4, 6]).is_success
    assert cast(client, "norr", voter(21, "norr"), [3, 4], points=[1, 9]).is_success
    for pot in ("norr", "kommun"):
        path = f"/rounds/{ROUND}/pots/{pot}/results.csv"
        assert_problem(client.get(path), 409, "results-not-published")
    assert client.post(f"/rounds/{ROUND}/close", headers=system).is_success
    assert client.post(f"/rounds/{ROUND}/tally", headers=system).is_success


def test_each_pots_result_is_open_data_as_csv_and_json(
    client: TestClient, system: dict[str, str]
) -> None:
    _counted_round(client, system)
    answer = client.get(f"/rounds/{ROUND}/pots/norr/results.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert f'filename="{ROUND}-norr.csv"' in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert {(r["pot"], r["project_id"], r["votes"], r["selected"]) for r in rows} == {
        ("norr", "3", "5", "0"),
        ("norr", "4", "15", "1"),
    }
    as_json = client.get(f"/rounds/{ROUND}/pots/norr/results").json()
    assert {p["project_id"] for p in as_json["projects"] if p["selected"]} == {4}
    kommun = list(
        csv.DictReader(io.StringIO(client.get(f"/rounds/{ROUND}/pots/kommun/results.csv").text))
    )
    assert [r["project_id"] for r in kommun if r["selected"] == "1"] == ["1"]


def test_each_pots_ballots_are_open_data_that_count_to_its_result(
    client: TestClient, system: dict[str, str]
) -> None:
    _counted_round(client, system, currency="EUR")
    answer = client.get(f"/rounds/{ROUND}/pots/norr/export.pb")
    assert answer.status_code == 200, answer.text
    election = parse_pb(answer.text)
    assert (election.meta["unit"], election.meta["district"]) == ("norr", "norr")
    assert election.meta["currency"] == "EUR"  # the round's, which its pots share
    assert election.meta["vote_type"] == "cumulative"
    assert election.profile.voter_count == 2
    assert election.selected() == {4}
    recount = count(election.profile, "greedy-threshold", Options(threshold=6))
    assert set(recount.selected) == {4}
    kommun = parse_pb(client.get(f"/rounds/{ROUND}/pots/kommun/export.pb").text)
    assert "district" not in kommun.meta and kommun.profile.voter_count == 4


def test_an_unknown_pot_has_no_open_data(client: TestClient, system: dict[str, str]) -> None:
    _counted_round(client, system)
    for path in ("results.csv", "export.pb"):
        assert_problem(client.get(f"/rounds/{ROUND}/pots/soder/{path}"), 404, "pot-not-found")
