"""Proposers edit and withdraw their own proposals until intake closes, and nobody else does."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import (
    MAX_COST,
    ORGANISATIONSNUMMER,
    ROUND_ID,
    content,
    round_body,
    submit,
)

URL = f"/rounds/{ROUND_ID}/proposals"


def test_the_proposer_replaces_the_content_until_intake_closes(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    mine = auth(Role.RESIDENT, subject="anna")
    created = submit(client, mine)
    changes = {
        "title": "Fler cykelställ vid torget",
        "category": "fritid",
        "area": "jarpen",
        "location": "",
        "cost_estimate": 55_000,
        "proposer_name": "Anna",
        "publish_name": True,
    }

    answer = client.put(f"{URL}/{created['id']}", json=content(created, **changes), headers=mine)

    assert answer.status_code == 200, answer.text
    edited = answer.json()
    assert {key: edited[key] for key in changes if key != "publish_name"} == {
        key: value for key, value in changes.items() if key != "publish_name"
    }
    assert (edited["proposer_kind"], edited["channel"]) == ("resident", "web")
    assert edited["created_at"] == created["created_at"]
    assert edited["updated_at"] > created["updated_at"]
    assert client.get(f"{URL}/{created['id']}").json() == edited
    assert [p["id"] for p in client.get(URL, params={"q": "fler"}).json()["items"]] == [
        created["id"]
    ]


def test_an_edit_is_checked_like_a_submission_and_changes_nothing_when_refused(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    mine = auth(Role.RESIDENT, subject="anna")
    created = submit(client, mine)
    url = f"{URL}/{created['id']}"

    too_costly = client.put(url, json=content(created, cost_estimate=MAX_COST + 1), headers=mine)
    no_benefit = client.put(
        url, json=content(created, title="Ny rubrik", local_business_benefit=""), headers=mine
    )
    too_short = client.put(url, json=content(created, title="ab"), headers=mine)

    assert assert_problem(too_costly, 422, "validation")["errors"][0]["field"] == "cost_estimate"
    benefit = assert_problem(no_benefit, 422, "validation")["errors"]
    assert [e["field"] for e in benefit] == ["local_business_benefit"]
    assert assert_problem(too_short, 422, "validation")["errors"][0]["field"] == "title"
    assert client.get(url).json() == created


def test_the_page_asks_whether_to_offer_change_and_withdraw(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    created = submit(client, auth(Role.RESIDENT, subject="anna"))
    url = f"{URL}/{created['id']}/may-change"
    mine = client.get(url, headers=auth(Role.RESIDENT, subject="anna"))
    assert mine.status_code == 200 and mine.json() == {"may_change": True}
    for other in (auth(Role.RESIDENT, subject="bo"), auth(Role.OFFICIAL, subject="tj-1")):
        assert client.get(url, headers=other).json() == {"may_change": False}
    assert_problem(client.get(url), 401, "unauthorized")


def test_only_the_proposer_may_change_a_web_proposal(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    created = submit(client, auth(Role.RESIDENT, subject="anna"))
    url = f"{URL}/{created['id']}"
    body = content(created, title="Kapad rubrik")

    for other in (auth(Role.RESIDENT, subject="bo"), auth(Role.OFFICIAL, subject="tj-1")):
        assert_problem(client.put(url, json=body, headers=other), 403, "not-proposer")
        assert_problem(client.post(f"{url}/withdrawal", headers=other), 403, "not-proposer")
    assert_problem(client.put(url, json=body), 401, "unauthorized")
    assert_problem(client.put(url, json=body, headers=auth(Role.ASSESSOR, subject="anna")), 403)
    assert_problem(client.post(f"{url}/withdrawal", headers=auth(Role.SYSTEM)), 403)
    assert client.get(url).json() == created


def test_officials_change_and_withdraw_proposals_that_came_by_phone_mail_or_meeting(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    entered = submit(
        client,
        auth(Role.OFFICIAL, subject="tj-1"),
        channel="phone",
        proposer_kind="company",
        identity_number=ORGANISATIONSNUMMER,
    )
    colleague = auth(Role.OFFICIAL, subject="tj-2")
    url = f"{URL}/{entered['id']}"

    edited = client.put(url, json=content(entered, title="Ändrat per telefon"), headers=colleague)
    withdrawn = client.post(f"{url}/withdrawal", headers=colleague)

    assert edited.json()["title"] == "Ändrat per telefon"
    assert withdrawn.json()["status"] == "withdrawn"
    assert_problem(
        client.put(url, json=content(entered), headers=auth(Role.RESIDENT, subject="tj-1")),
        409,
        "proposal-withdrawn",
    )


def test_withdrawing_takes_a_proposal_out_once_and_for_all(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    mine = auth(Role.RESIDENT, subject="anna")
    created = submit(client, mine)
    url = f"{URL}/{created['id']}"

    first = client.post(f"{url}/withdrawal", headers=mine)
    again = client.post(f"{url}/withdrawal", headers=mine)
    edit = client.put(url, json=content(created), headers=mine)

    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == "withdrawn"
    assert again.json() == first.json()
    assert_problem(edit, 409, "proposal-withdrawn")
    assert client.get(f"/rounds/{open_round}").json()["proposal_count"] == 0


@pytest.mark.parametrize("how", ["deadline", "close"])
def test_no_changes_after_intake_closes(
    client: TestClient, auth: TokenFactory, open_round: str, how: str
) -> None:
    mine = auth(Role.RESIDENT, subject="anna")
    created = submit(client, mine)
    if how == "close":
        client.post(f"/rounds/{open_round}/close", headers=auth(Role.SYSTEM))
    else:
        passed = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        body = round_body(intake_closes_at=passed)
        client.put(f"/rounds/{open_round}", json=body, headers=auth(Role.SYSTEM))
    url = f"{URL}/{created['id']}"

    assert_problem(client.put(url, json=content(created, title="Sent"), headers=mine), 409)
    assert_problem(client.post(f"{url}/withdrawal", headers=mine), 409, "intake-closed")
    assert client.get(url).json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("put", "", "content"), ("post", "/withdrawal", None)],
)
def test_unknown_proposals_are_404(
    client: TestClient,
    auth: TokenFactory,
    open_round: str,
    method: str,
    suffix: str,
    body: Any,
) -> None:
    created = submit(client, auth(Role.RESIDENT))
    kwargs: dict[str, Any] = {"headers": auth(Role.RESIDENT)}
    if body is not None:
        kwargs["json"] = content(created)

    answer = client.request(method.upper(), f"{URL}/999{suffix}", **kwargs)

    assert_problem(answer, 404, "proposal-not-found")
