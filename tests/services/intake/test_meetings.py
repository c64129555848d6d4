"""Dialogue meetings: officials register them; proposals taken down at one name it and the
channel ``meeting``; anyone reads the meetings with how many proposals each brought in."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import ORGANISATIONSNUMMER, ROUND_ID, proposal_body, submit

R = f"/rounds/{ROUND_ID}"
MEETING: dict[str, Any] = {
    "held_at": "2027-02-10T18:00:00+01:00",
    "place": "Åre bibliotek",
    "topic": "Handeln vid torget",
    "invited_groups": ["Åre företagarförening", "Boende i centrum"],
}


@pytest.fixture
def official(auth: TokenFactory) -> dict[str, str]:
    return auth(Role.OFFICIAL, subject="tj-1", name="Tove Tjänsteperson")


def _register(client: TestClient, official: dict[str, str], **changes: Any) -> dict[str, Any]:
    answer = client.post(f"{R}/meetings", json=MEETING | changes, headers=official)
    assert answer.status_code == 201, answer.text
    meeting: dict[str, Any] = answer.json()
    return meeting


def test_proposals_taken_down_at_a_meeting_are_counted_with_it(
    client: TestClient, open_round: str, official: dict[str, str]
) -> None:
    later = _register(client, official, held_at="2027-03-01T18:00:00+01:00", place="Järpen")
    meeting = _register(client, official)
    at_meeting = {"channel": "meeting", "proposer_kind": "company"}
    for title in ("Bänkar vid torget", "Skyltar till butikerna"):
        submit(
            client,
            official,
            title=title,
            identity_number=ORGANISATIONSNUMMER,
            meeting_id=meeting["id"],
            **at_meeting,
        )
    shown = client.get(f"{R}/proposals").json()["items"][0]

    listed = client.get(f"{R}/meetings").json()
    assert [(m["id"], m["proposal_count"]) for m in listed["items"]] == [
        (meeting["id"], 2),
        (later["id"], 0),
    ]
    assert listed["items"][0]["invited_groups"] == MEETING["invited_groups"]
    assert listed["items"][0]["registered_by"] == "Tove Tjänsteperson"
    assert client.get(f"{R}/meetings/{meeting['id']}").json()["proposal_count"] == 2
    assert (shown["channel"], shown["meeting_id"]) == ("meeting", meeting["id"])
    assert client.get(f"{R}/meetings?limit=1&offset=1").json()["items"][0]["id"] == later["id"]


@pytest.mark.parametrize(
    "change",
    [
        {"place": ""},
        {"topic": "x" * 501},
        {"held_at": "2027-02-10T18:00:00"},
        {"held_at": "9999-02-10T18:00:00+01:00"},
        {"invited_groups": ["x"]},
    ],
)
def test_a_bad_meeting_is_refused_and_nothing_stored(
    client: TestClient, open_round: str, official: dict[str, str], change: dict[str, Any]
) -> None:
    assert_problem(client.post(f"{R}/meetings", json=MEETING | change, headers=official), 422)
    assert client.get(f"{R}/meetings").json()["total"] == 0


def test_only_officials_of_the_kommun_register_meetings(
    client: TestClient, open_round: str, auth: TokenFactory
) -> None:
    assert_problem(client.post(f"{R}/meetings", json=MEETING, headers=auth(Role.RESIDENT)), 403)
    other = auth(Role.OFFICIAL, kommun="Krokom")
    assert_problem(client.post(f"{R}/meetings", json=MEETING, headers=other), 403, "other-kommun")
    assert_problem(client.get(f"{R}/meetings/7"), 404, "meeting-not-found")


def test_a_proposal_names_only_a_meeting_of_its_round_and_channel(
    client: TestClient, open_round: str, official: dict[str, str]
) -> None:
    meeting = _register(client, official)
    company = {"proposer_kind": "company", "identity_number": ORGANISATIONSNUMMER}
    for changes, message in [
        ({"channel": "phone", "meeting_id": meeting["id"]}, "kanalen meeting"),
        ({"channel": "meeting", "meeting_id": meeting["id"] + 1}, "finns inte i omgången"),
    ]:
        body = proposal_body(**company, **changes)
        problem = assert_problem(client.post(f"{R}/proposals", json=body, headers=official), 422)
        assert [e["field"] for e in problem["errors"]] == ["meeting_id"]
        assert message in problem["detail"]
    assert client.get(f"{R}/proposals").json()["total"] == 0
