"""Receipts: a voter checks that the ballot counts, and learns nothing about its content."""

import re
from datetime import datetime

from fastapi.testclient import TestClient

from tests.services.helpers import assert_problem
from tests.services.voting.conftest import ROUND, cast, open_ballot, token_headers

VOTER = token_headers("voter-1")


def _check(client: TestClient, receipt: str) -> dict[str, object]:
    answer = client.get(f"/rounds/{ROUND}/receipts/{receipt}")
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_a_receipt_verifies_with_when_but_never_what(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    receipt = cast(client, VOTER, [3, 4]).json()
    check = _check(client, receipt["receipt"])
    assert check["counted"] is True
    assert check["voting_closed"] is False
    assert datetime.fromisoformat(str(check["cast_at"])) == datetime.fromisoformat(
        receipt["cast_at"]
    )
    assert "räknas" in str(check["message"])
    assert re.fullmatch(
        r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", receipt["receipt"]
    )
    assert set(check) == {"round_id", "receipt", "counted", "cast_at", "voting_closed", "message"}


def test_a_replaced_ballots_receipt_no_longer_counts(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    first = cast(client, VOTER, [1]).json()["receipt"]
    second = cast(client, VOTER, [2]).json()["receipt"]
    client.post(f"/rounds/{ROUND}/close", headers=system)
    old, new = _check(client, first), _check(client, second)
    assert (old["counted"], old["cast_at"]) == (False, None)
    assert "ersatts" in str(old["message"])
    assert (new["counted"], new["voting_closed"]) == (True, True)
    assert new["message"] == "Din röst räknas i omgången."


def test_a_code_copied_by_hand_verifies_whatever_the_case_and_the_lookalikes(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    code = cast(client, VOTER, [3]).json()["receipt"]
    # lower case, no hyphens, spaces, and 0/1 written as o/l the way a slip is misread
    typed = code.replace("-", " ").lower().replace("0", "o").replace("1", "l")
    check = _check(client, typed)
    assert (check["counted"], check["receipt"]) == (True, code)
    assert _check(client, code.replace("-", ""))["counted"] is True


def test_an_unknown_code_says_no_and_an_unknown_round_is_404(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    receipt = cast(client, VOTER, [1]).json()["receipt"]
    assert _check(client, "not-a-real-receipt-code")["counted"] is False
    assert_problem(client.get(f"/rounds/other-1/receipts/{receipt}"), 404, "ballot-not-found")
    assert client.get(f"/rounds/{ROUND}/receipts/kort").status_code == 422


def test_metrics_count_the_ballots_that_count(client: TestClient, system: dict[str, str]) -> None:
    open_ballot(client, system)
    cast(client, VOTER, [3])
    cast(client, VOTER, [4])  # a replacement: still one ballot
    cast(client, token_headers("voter-2"), [3])
    assert 'mb_ballots{service="voting"} 2.0' in client.get("/metrics").text


def test_a_returning_voter_finds_their_own_ballot_and_no_one_elses(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    assert_problem(client.get(f"/rounds/{ROUND}/ballots/mine", headers=VOTER), 404, "no-ballot")
    cast(client, VOTER, [3])
    receipt = cast(client, VOTER, [4, 2]).json()  # the later ballot is the one that counts
    mine = client.get(f"/rounds/{ROUND}/ballots/mine", headers=VOTER).json()
    assert (mine["choices"], mine["receipt"], mine["channel"]) == (
        [4, 2],
        receipt["receipt"],
        "online",
    )
    other = token_headers("voter-2")
    assert_problem(client.get(f"/rounds/{ROUND}/ballots/mine", headers=other), 404, "no-ballot")
