"""Follow-up measurements after completion: planned by the workflow per completed project,
measured (values for the project's indicators) or closed with a reason by an official, each
change signalled to the round's follow-up workflow."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.common.settings import PlatformSettings
from services.common.signals import TemporalSignaler
from tests.conftest import TokenFactory
from tests.services.decision.conftest import PROJECT, ROUND
from tests.services.helpers import RecordingSignaler, assert_problem

URL = f"/rounds/{ROUND}/follow-ups"
PROJECT_URL = f"/rounds/{ROUND}/projects/2"
BASELINE = {"baseline_value": 3, "baseline_date": "2027-09-01", "source": "Kommunens register"}


@pytest.fixture
def done(client: TestClient, system: dict[str, str], project: int) -> int:
    finished = {**PROJECT, "status": "done", "spent": 48_000, "summary": "Klart."}
    assert client.put(PROJECT_URL, json=finished, headers=system).status_code == 200
    return project


def _plan(client: TestClient, system: dict[str, str], seconds: float) -> dict[str, object]:
    answer = client.put(URL, json={"measure_after": seconds}, headers=system)
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_measured_follow_up_is_stored_and_signalled(
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    signals: RecordingSignaler,
    done: int,
) -> None:
    official = auth(Role.OFFICIAL, name="Eva Ek")
    put = client.put(f"{PROJECT_URL}/local-indicators/jobb", json=BASELINE, headers=official)
    assert put.status_code == 200
    planned = _plan(client, system, 0.001)
    assert (planned["total"], planned["pending"]) == (1, 1)
    assert _plan(client, system, 3600)["due_at"] == planned["due_at"]  # kept, not moved

    body = {"values": {"jobb": 5}, "note": "Två nya jobb i caféet."}
    answer = client.post(f"{PROJECT_URL}/follow-up", json=body, headers=official)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["measured"]) == ("measured", {"jobb": 5.0})
    assert signals.sent == [(f"{ROUND}.follow-up", "follow_up_changed", None)]
    shown = client.get(URL).json()
    assert (shown["total"], shown["pending"]) == (1, 0)
    assert shown["items"][0]["recorded_by"] == "Eva Ek"


def test_a_follow_up_closed_with_a_reason_counts_as_in(
    client: TestClient, auth: TokenFactory, system: dict[str, str], done: int
) -> None:
    official = auth(Role.OFFICIAL, name="Eva Ek")
    _plan(client, system, 3600)
    short = client.post(f"{PROJECT_URL}/follow-up/closing", json={"reason": "x"}, headers=official)
    assert_problem(short, 422, "validation")
    reason = {"reason": "Föreningen som drev kaféet har lagts ned."}
    answer = client.post(f"{PROJECT_URL}/follow-up/closing", json=reason, headers=official)
    assert answer.status_code == 200, answer.text
    assert client.get(URL).json()["pending"] == 0
    again = client.post(f"{PROJECT_URL}/follow-up/closing", json=reason, headers=official)
    assert again.status_code == 200, again.text  # a retry: the same closing, signalled again
    other = {"reason": "Ett annat skäl, i efterhand."}
    changed = client.post(f"{PROJECT_URL}/follow-up/closing", json=other, headers=official)
    assert_problem(changed, 409, "follow-up-closed")
    assert client.get(URL).json()["items"][0]["closed_reason"] == reason["reason"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("follow-up", {"values": {"jobb": 5}}),
        ("follow-up/closing", {"reason": "Kaféet är stängt."}),
    ],
)
def test_a_change_temporal_did_not_hear_of_is_stored_said_so_and_sent_again(
    app: FastAPI,
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    signals: RecordingSignaler,
    done: int,
    path: str,
    body: dict[str, object],
) -> None:
    official = auth(Role.OFFICIAL, name="Eva Ek")
    put = client.put(f"{PROJECT_URL}/local-indicators/jobb", json=BASELINE, headers=official)
    assert put.status_code == 200
    _plan(client, system, 0.001)
    app.state.signaler = TemporalSignaler(PlatformSettings(temporal_address="127.0.0.1:1"))
    lost = client.post(f"{PROJECT_URL}/{path}", json=body, headers=official)
    assert_problem(lost, 503, "follow-up-not-signalled")
    assert lost.headers["Retry-After"] == "5"
    assert client.get(URL).json()["pending"] == 0  # stored all the same
    app.state.signaler = signals  # Temporal is back: the official sends it again
    again = client.post(f"{PROJECT_URL}/{path}", json=body, headers=official)
    assert again.status_code == 200, again.text
    assert signals.sent == [(f"{ROUND}.follow-up", "follow_up_changed", None)]
    [item] = client.get(URL).json()["items"]
    assert item["status"] == ("measured" if path == "follow-up" else "closed")


def test_bad_measurements_are_refused_and_not_stored(
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    signals: RecordingSignaler,
    done: int,
) -> None:
    official = auth(Role.OFFICIAL, name="Eva Ek")
    early = client.post(f"{PROJECT_URL}/follow-up", json={"values": {"jobb": 1}}, headers=official)
    assert_problem(early, 404, "follow-up-not-planned")
    _plan(client, system, 3600)
    not_due = client.post(
        f"{PROJECT_URL}/follow-up", json={"values": {"jobb": 1}}, headers=official
    )
    assert_problem(not_due, 409, "follow-up-not-due")
    for values in ({}, {"jobb": -1}):
        bad = client.post(f"{PROJECT_URL}/follow-up", json={"values": values}, headers=official)
        assert_problem(bad, 422, "validation")
    assert client.get(URL).json()["pending"] == 1
    assert signals.sent == []


def test_an_unknown_indicator_is_refused(
    client: TestClient, auth: TokenFactory, system: dict[str, str], done: int
) -> None:
    official = auth(Role.OFFICIAL, name="Eva Ek")
    _plan(client, system, 0.001)
    answer = client.post(
        f"{PROJECT_URL}/follow-up", json={"values": {"besokare": 10}}, headers=official
    )
    assert_problem(answer, 422, "unknown-indicator")
    assert client.get(URL).json()["items"][0]["status"] == "due"


def test_the_workflow_opens_a_follow_up_when_its_clock_finds_it_due(
    client: TestClient, auth: TokenFactory, system: dict[str, str], done: int
) -> None:
    """The round's workflow keeps the round's time (a test server may skip it a year ahead of
    this service's clock): a follow-up opened by it can be measured before the service's own
    clock reaches the date; one not yet due by the workflow's time stays closed."""
    official = auth(Role.OFFICIAL, name="Eva Ek")
    client.put(f"{PROJECT_URL}/local-indicators/jobb", json=BASELINE, headers=official)
    planned = _plan(client, system, 365 * 24 * 3600)
    due = str(planned["due_at"])
    assert planned["next_due_at"] == due
    body = {"values": {"jobb": 5}}
    early = client.post(f"{PROJECT_URL}/follow-up", json=body, headers=official)
    assert_problem(early, 409, "follow-up-not-due")

    before = client.put(f"{URL}/opening", json={"as_of": "2027-01-01T00:00:00Z"}, headers=system)
    assert before.status_code == 200 and before.json()["next_due_at"] == due
    assert before.json()["items"][0]["opened_at"] is None
    for bad in ({}, {"as_of": "2027-01-01T00:00:00"}, {"as_of": "i morgon"}):
        assert_problem(client.put(f"{URL}/opening", json=bad, headers=system), 422, "validation")
    assert_problem(client.put(f"{URL}/opening", json={"as_of": due}, headers=official), 403)

    opened = client.put(f"{URL}/opening", json={"as_of": due}, headers=system)
    assert opened.status_code == 200, opened.text
    assert opened.json()["next_due_at"] is None and opened.json()["items"][0]["opened_at"]
    answer = client.post(f"{PROJECT_URL}/follow-up", json=body, headers=official)
    assert answer.status_code == 200, answer.text
