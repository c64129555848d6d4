"""Merging duplicates: the merged proposal points to the kept one, with a public reason, and a
notice for its supporters waits in the outbox."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import ROUND_ID, assess, feasible, rejected
from tests.services.helpers import RecordingSignaler, assert_problem

REASON = "Samma idé som förslag 1: en julmarknad på torget."


def _merge(
    client: TestClient, headers: dict[str, str], proposal_id: int, into: int, reason: str = REASON
) -> Any:
    body = {"proposal_id": proposal_id, "into": into, "public_reason": reason}
    return client.post(f"/rounds/{ROUND_ID}/merges", json=body, headers=headers)


def _notices(client: TestClient, headers: dict[str, str], **params: Any) -> list[Any]:
    answer = client.get(f"/rounds/{ROUND_ID}/merge-notices", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


def test_a_merge_is_a_public_verdict_pointing_to_the_kept_proposal(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    answer = _merge(client, auth(Role.OFFICIAL, name="Olle"), 2, 1)

    assert answer.status_code == 200, answer.text
    merged = answer.json()
    assert merged == {
        "proposal_id": 2,
        "outcome": "merged",
        "feasible": False,
        "cost": None,
        "cost_items": [],
        "criteria": [],
        "public_reason": REASON,
        "merged_into": 1,
        "assessed_by": "Olle",
        "assessed_at": merged["assessed_at"],
    }
    listed = client.get(f"/rounds/{open_round}/assessments", params={"outcome": "merged"})
    assert listed.json()["items"] == [merged]
    progress = client.get(f"/rounds/{open_round}/progress").json()
    assert (progress["assessed"], progress["merged"], progress["rejected"]) == (1, 1, 0)


def test_each_merge_leaves_one_notice_until_delivered(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    official, system = auth(Role.OFFICIAL), auth(Role.SYSTEM)
    _merge(client, official, 2, 1)
    _merge(client, official, 2, 1)
    _merge(client, official, 3, 1, reason="Också en julmarknad.")
    first, second = _notices(client, system)

    delivered = client.post(
        f"/rounds/{open_round}/merge-notices/{first['id']}/delivery", headers=system
    )
    again = client.post(
        f"/rounds/{open_round}/merge-notices/{first['id']}/delivery", headers=system
    )

    assert (first["proposal_id"], first["merged_into"], first["public_reason"]) == (2, 1, REASON)
    assert (second["proposal_id"], second["delivered_at"]) == (3, None)
    assert delivered.json()["delivered_at"] is not None
    assert again.json() == delivered.json()
    assert _notices(client, official, pending="true") == [second]
    assert len(_notices(client, official)) == 2


def test_a_new_reason_or_target_is_a_new_notice(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    official = auth(Role.OFFICIAL)
    _merge(client, official, 2, 1)
    _merge(client, official, 2, 3, reason="Närmare förslag 3 än förslag 1.")

    notices = _notices(client, auth(Role.SYSTEM))

    assert [(n["merged_into"], n["public_reason"]) for n in notices] == [
        (1, REASON),
        (3, "Närmare förslag 3 än förslag 1."),
    ]


def test_a_merge_that_completes_the_round_signals_and_keeps_it_off_the_ballot(
    client: TestClient, auth: TokenFactory, open_round: str, signaler: RecordingSignaler
) -> None:
    assess(client, auth(Role.ASSESSOR), 1, feasible(cost=10_000))
    assess(client, auth(Role.ASSESSOR), 3, rejected())

    _merge(client, auth(Role.OFFICIAL), 2, 1)

    assert signaler.sent == [(open_round, "assessment_complete", None)]
    candidates = client.get(f"/rounds/{open_round}/ballot-candidates").json()
    assert candidates == {
        "round_id": open_round,
        "feasible": [{"proposal_id": 1, "cost": 10_000}],
        "feasible_count": 1,
        "rejected_count": 1,
        "merged_count": 1,
        "final": False,
    }


def test_assessing_a_merged_proposal_undoes_the_merge(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    _merge(client, auth(Role.OFFICIAL), 2, 1)

    answer = assess(client, auth(Role.ASSESSOR), 2, feasible())

    assert (answer["outcome"], answer["merged_into"]) == ("feasible", None)


@pytest.mark.parametrize(
    ("proposal_id", "into", "status", "code"),
    [
        (2, 2, 422, "validation"),
        (2, 9, 404, "proposal-not-found"),
        (9, 2, 404, "proposal-not-found"),
        (3, 2, 409, "merge-chain"),
        (1, 3, 409, "merge-chain"),
    ],
)
def test_merges_that_cannot_be_followed_are_refused(
    client: TestClient,
    auth: TokenFactory,
    open_round: str,
    proposal_id: int,
    into: int,
    status: int,
    code: str,
) -> None:
    official = auth(Role.OFFICIAL)
    _merge(client, official, 2, 1)

    answer = _merge(client, official, proposal_id, into)

    assert_problem(answer, status, code)
    assert len(_notices(client, official)) == 1


@pytest.mark.parametrize("reason", ["", "  ok ", "x" * 2001])
def test_a_merge_needs_a_public_reason(
    client: TestClient, auth: TokenFactory, open_round: str, reason: str
) -> None:
    answer = _merge(client, auth(Role.OFFICIAL), 2, 1, reason=reason)

    assert assert_problem(answer, 422, "validation")["errors"][0]["field"] == "public_reason"


def test_jav_bars_a_merge_too(client: TestClient, auth: TokenFactory, open_round: str) -> None:
    both = auth(Role.OFFICIAL, Role.ASSESSOR, subject="kim")
    client.post(
        f"/rounds/{open_round}/proposals/1/conflict-of-interest",
        json={"reason": "Jag sitter i föreningens styrelse."},
        headers=both,
    )

    assert_problem(_merge(client, both, 2, 1), 403, "conflict-of-interest")


def test_who_may_merge_and_read_or_mark_notices(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    _merge(client, auth(Role.OFFICIAL), 2, 1)
    [notice] = _notices(client, auth(Role.OFFICIAL))
    delivery = f"/rounds/{open_round}/merge-notices/{notice['id']}/delivery"

    for role in (Role.ASSESSOR, Role.RESIDENT, Role.SYSTEM):
        assert_problem(_merge(client, auth(role), 3, 1), 403, "forbidden")
    for role in (Role.ASSESSOR, Role.RESIDENT):
        headers = auth(role)
        assert_problem(client.get(f"/rounds/{open_round}/merge-notices", headers=headers), 403)
    assert_problem(client.post(delivery, headers=auth(Role.OFFICIAL)), 403, "forbidden")
    assert_problem(_merge(client, {}, 3, 1), 401)
    missing = f"/rounds/{open_round}/merge-notices/999/delivery"
    assert_problem(client.post(missing, headers=auth(Role.SYSTEM)), 404, "notice-not-found")


def test_no_merges_after_assessment_closes(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    for proposal_id in (1, 2, 3):
        assess(client, auth(Role.ASSESSOR), proposal_id, feasible())
    client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))

    assert_problem(_merge(client, auth(Role.OFFICIAL), 2, 1), 409, "assessment-closed")
