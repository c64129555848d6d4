"""Intake rounds: opened, adjusted and closed by the round workflow (the ``system`` role)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import (
    AREAS,
    CATEGORIES,
    CRITERIA,
    MAX_COST,
    ROUND_ID,
    proposal_body,
    round_body,
    submit,
)


def test_put_opens_a_round_that_anyone_can_read(client: TestClient, auth: TokenFactory) -> None:
    closes_at = datetime(2037, 3, 31, 21, 59, tzinfo=UTC)
    stockholm_summer = timezone(timedelta(hours=2))
    body = round_body(intake_closes_at=closes_at.astimezone(stockholm_summer).isoformat())

    put = client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM))
    get = client.get(f"/rounds/{ROUND_ID}")

    assert put.status_code == 200
    assert put.json() == {
        "id": ROUND_ID,
        "title": "Medborgarbudget Åre 2027",
        "kommun": "Åre",
        "status": "open",
        "intake_closes_at": "2037-03-31T21:59:00Z",
        "max_proposal_cost": MAX_COST,
        "proposal_count": 0,
        "criteria": [CRITERIA[0], {**CRITERIA[1], "local_business": False}],
        "categories": CATEGORIES,
        "areas": AREAS,
        "proposer_kinds": ["resident", "worker", "company", "association"],
        "local_business_benefit_required": True,
        "discussion_open": True,
    }
    assert get.status_code == 200
    assert get.json() == put.json()


def test_put_again_adjusts_an_open_round(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    later = datetime.now(UTC) + timedelta(days=60)
    body = round_body(title="Ny titel", intake_closes_at=later.isoformat())

    answer = client.put(f"/rounds/{open_round}", json=body, headers=auth(Role.SYSTEM))

    assert answer.status_code == 200
    assert answer.json()["title"] == "Ny titel"
    stored = datetime.fromisoformat(client.get(f"/rounds/{open_round}").json()["intake_closes_at"])
    assert stored == later


def test_a_round_may_leave_out_criteria_categories_and_areas(
    client: TestClient, auth: TokenFactory
) -> None:
    body = round_body(proposer_kinds=["resident", "resident"])
    for field in ("criteria", "categories", "areas"):
        del body[field]

    answer = client.put(f"/rounds/{ROUND_ID}", json=body, headers=auth(Role.SYSTEM))

    shown = answer.json()
    assert (shown["criteria"], shown["categories"], shown["areas"]) == ([], [], [])
    assert shown["proposer_kinds"] == ["resident"]
    assert shown["local_business_benefit_required"] is False


def test_put_requires_the_system_role(client: TestClient, auth: TokenFactory) -> None:
    anonymous = client.put(f"/rounds/{ROUND_ID}", json=round_body())
    official = client.put(f"/rounds/{ROUND_ID}", json=round_body(), headers=auth(Role.OFFICIAL))

    assert_problem(anonymous, 401, "unauthorized")
    assert_problem(official, 403, "forbidden")
    assert_problem(client.get(f"/rounds/{ROUND_ID}"), 404, "round-not-found")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"intake_closes_at": "2027-03-31T23:59:00"}, "intake_closes_at"),
        ({"intake_closes_at": "snart"}, "intake_closes_at"),
        ({"max_proposal_cost": 0}, "max_proposal_cost"),
        ({"max_proposal_cost": 10**13}, "max_proposal_cost"),
        ({"title": ""}, "title"),
        ({"kommun": "x" * 101}, "kommun"),
        ({"criteria": [CRITERIA[0], CRITERIA[0]]}, "criteria"),
        ({"criteria": [{"id": "Lokalt näringsliv", "text": "Gynna handeln."}]}, "criteria.0.id"),
        ({"criteria": [{"id": "x", "text": ""}]}, "criteria.0.text"),
        (
            {"categories": [{"id": "handel", "name": "A"}, {"id": "handel", "name": "B"}]},
            "categories",
        ),
        ({"areas": [{"id": "by", "name": ""}]}, "areas.0.name"),
        ({"proposer_kinds": []}, "proposer_kinds"),
        ({"proposer_kinds": ["tourist"]}, "proposer_kinds.0"),
    ],
)
def test_put_rejects_invalid_rounds(
    client: TestClient, auth: TokenFactory, changes: dict[str, Any], field: str
) -> None:
    answer = client.put(
        f"/rounds/{ROUND_ID}", json=round_body(**changes), headers=auth(Role.SYSTEM)
    )

    body = assert_problem(answer, 422, "validation")
    assert [e["field"] for e in body["errors"]] == [field]
    assert_problem(client.get(f"/rounds/{ROUND_ID}"), 404)


@pytest.mark.parametrize("round_id", ["ab", "Are-2027", "-are", "åre-2027", "a" * 65])
def test_put_rejects_round_ids_that_are_not_workflow_ids(
    client: TestClient, auth: TokenFactory, round_id: str
) -> None:
    answer = client.put(f"/rounds/{round_id}", json=round_body(), headers=auth(Role.SYSTEM))

    assert_problem(answer, 422, "validation")


def test_close_freezes_the_round_and_lists_proposal_ids_in_order(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    for title in ("Första förslaget", "Andra förslaget", "Tredje förslaget"):
        posted = client.post(
            f"/rounds/{open_round}/proposals",
            json=proposal_body(title=title),
            headers=auth(Role.RESIDENT),
        )
        assert posted.status_code == 201
    ids = [p["id"] for p in client.get(f"/rounds/{open_round}/proposals").json()["items"]]

    first = client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))
    again = client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))

    assert first.status_code == 200
    assert first.json() == {
        "round_id": open_round,
        "proposal_ids": sorted(ids),
        "count": 3,
        "withdrawn_count": 0,
        "hidden_count": 0,
    }
    assert again.status_code == 200
    assert again.json() == first.json()
    assert client.get(f"/rounds/{open_round}").json()["status"] == "closed"


def test_a_closed_round_takes_no_changes_and_no_proposals(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))

    reopen = client.put(f"/rounds/{open_round}", json=round_body(), headers=auth(Role.SYSTEM))
    late = client.post(
        f"/rounds/{open_round}/proposals", json=proposal_body(), headers=auth(Role.RESIDENT)
    )

    assert_problem(reopen, 409, "intake-closed")
    assert_problem(late, 409, "intake-closed")
    assert client.get(f"/rounds/{open_round}").json()["proposal_count"] == 0


def test_close_requires_the_system_role_and_a_known_round(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    assert_problem(client.post(f"/rounds/{open_round}/close"), 401)
    assert_problem(
        client.post(f"/rounds/{open_round}/close", headers=auth(Role.OFFICIAL)), 403, "forbidden"
    )
    assert_problem(
        client.post("/rounds/okand-2027/close", headers=auth(Role.SYSTEM)), 404, "round-not-found"
    )
    assert client.get(f"/rounds/{open_round}").json()["status"] == "open"


def test_a_repeated_put_with_the_same_idempotency_key_gets_the_first_answer(
    client: TestClient, auth: TokenFactory
) -> None:
    headers = {**auth(Role.SYSTEM), "Idempotency-Key": f"{ROUND_ID}:open-intake"}
    body = round_body()

    first = client.put(f"/rounds/{ROUND_ID}", json=body, headers=headers)
    client.post(f"/rounds/{ROUND_ID}/close", headers=auth(Role.SYSTEM))
    repeat = client.put(f"/rounds/{ROUND_ID}", json=body, headers=headers)

    assert first.status_code == repeat.status_code == 200
    assert repeat.headers["idempotent-replayed"] == "true"
    assert repeat.json() == first.json()


def test_no_proposal_is_accepted_after_close_has_listed_the_ids(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    resident, system = auth(Role.RESIDENT), auth(Role.SYSTEM)
    url = f"/rounds/{open_round}/proposals"

    with ThreadPoolExecutor(max_workers=8) as pool:
        submitted = [
            pool.submit(client.post, url, json=proposal_body(), headers=resident) for _ in range(10)
        ]
        closing = pool.submit(client.post, f"/rounds/{open_round}/close", headers=system)
        submitted += [
            pool.submit(client.post, url, json=proposal_body(), headers=resident) for _ in range(10)
        ]

    answers = [future.result() for future in submitted]
    created = sorted(a.json()["id"] for a in answers if a.status_code == 201)
    assert closing.result().json()["proposal_ids"] == created
    assert all(a.status_code in (201, 409) for a in answers)
    assert client.get(f"/rounds/{open_round}").json()["proposal_count"] == len(created)


def test_close_leaves_out_withdrawn_and_hidden_proposals_and_stays_the_same(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    resident, official = auth(Role.RESIDENT), auth(Role.OFFICIAL, name="Moa Moderator")
    kept, withdrawn, hidden, hidden_late = (submit(client, resident)["id"] for _ in range(4))
    url = f"/rounds/{open_round}/proposals"
    client.post(f"{url}/{withdrawn}/withdrawal", headers=resident)
    client.put(f"{url}/{hidden}/hiding", json={"reason": "Kränkande."}, headers=official)

    first = client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM)).json()
    client.put(f"{url}/{hidden_late}/hiding", json={"reason": "Kränkande."}, headers=official)
    client.delete(f"{url}/{hidden}/hiding", headers=official)
    again = client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM)).json()

    assert first["proposal_ids"] == [kept, hidden_late]
    assert (first["count"], first["withdrawn_count"], first["hidden_count"]) == (2, 1, 1)
    assert again == first
