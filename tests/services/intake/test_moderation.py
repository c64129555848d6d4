"""Moderation: officials hide abusive proposals with a recorded reason, and may show them again."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import ROUND_ID, submit

REASON = {"reason": "Innehåller personangrepp."}


def _hiding_url(proposal_id: int) -> str:
    return f"/rounds/{ROUND_ID}/proposals/{proposal_id}/hiding"


def test_an_official_hides_a_proposal_with_a_reason_that_is_kept(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    created = submit(client, auth(Role.RESIDENT))
    official = auth(Role.OFFICIAL, name="Moa Moderator")

    hidden = client.put(_hiding_url(created["id"]), json=REASON, headers=official)
    listed = client.get(f"/rounds/{open_round}/hidden-proposals", headers=official)

    assert hidden.status_code == 200, hidden.text
    body = hidden.json()
    assert (body["status"], body["hidden_reason"], body["hidden_by"]) == (
        "hidden",
        "Innehåller personangrepp.",
        "Moa Moderator",
    )
    assert body["hidden_at"] is not None
    assert listed.json()["items"] == [body]
    assert listed.json()["total"] == 1


def test_hiding_again_replaces_the_reason_and_showing_brings_it_back(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    created = submit(client, auth(Role.RESIDENT))
    official = auth(Role.OFFICIAL, name="Moa")
    url = _hiding_url(created["id"])
    first = client.put(url, json=REASON, headers=official).json()

    second = client.put(url, json={"reason": "Hot mot en namngiven person."}, headers=official)
    shown = client.delete(url, headers=official)

    assert second.json()["hidden_reason"] == "Hot mot en namngiven person."
    assert second.json()["hidden_at"] == first["hidden_at"]
    assert (shown.json()["status"], shown.json()["hidden_reason"]) == ("submitted", None)
    assert client.get(f"/rounds/{open_round}/proposals/{created['id']}").status_code == 200
    listed = client.get(f"/rounds/{open_round}/hidden-proposals", headers=official)
    assert listed.json()["items"] == []


@pytest.mark.parametrize("reason", ["", "  x  ", "x" * 2001, None])
def test_a_reason_is_required(
    client: TestClient, auth: TokenFactory, open_round: str, reason: Any
) -> None:
    created = submit(client, auth(Role.RESIDENT))

    answer = client.put(
        _hiding_url(created["id"]), json={"reason": reason}, headers=auth(Role.OFFICIAL)
    )

    assert assert_problem(answer, 422, "validation")["errors"][0]["field"] == "reason"
    assert client.get(f"/rounds/{open_round}/proposals/{created['id']}").status_code == 200


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.COMPANY, Role.ASSESSOR, Role.SYSTEM])
def test_only_officials_moderate(
    client: TestClient, auth: TokenFactory, open_round: str, role: Role
) -> None:
    created = submit(client, auth(Role.RESIDENT))
    url = _hiding_url(created["id"])

    assert_problem(client.put(url, json=REASON, headers=auth(role)), 403, "forbidden")
    assert_problem(client.delete(url, headers=auth(role)), 403, "forbidden")
    assert_problem(client.get(f"/rounds/{open_round}/hidden-proposals", headers=auth(role)), 403)
    assert_problem(client.put(url, json=REASON), 401, "unauthorized")
    assert client.get(f"/rounds/{open_round}/proposals/{created['id']}").status_code == 200


def test_hiding_works_after_intake_closed(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    created = submit(client, auth(Role.RESIDENT))
    client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))

    answer = client.put(_hiding_url(created["id"]), json=REASON, headers=auth(Role.OFFICIAL))

    assert answer.json()["status"] == "hidden"


def test_unknown_proposals_and_rounds_are_404(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    official = auth(Role.OFFICIAL)

    assert_problem(client.put(_hiding_url(999), json=REASON, headers=official), 404)
    assert_problem(client.get("/rounds/okand/hidden-proposals", headers=official), 404)
