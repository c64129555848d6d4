"""A new question on a proposal reaches its proposer by e-mail (issue 23's outbox): the real
intake service in-process, the notify service, a real SMTP server on loopback. The proposer
who follows their proposal gets one mail per question, parsed back; a follower who is not the
proposer, and the one who asked, get none; intake's notice ends delivered and a second pass
sends nothing again."""

import threading
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from services.common.auth import Role
from services.common.types import utc_now
from services.intake.main import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.notify.events import Event
from services.notify.lease import JobLease
from services.notify.models import Announcement
from services.notify.questions import QuestionRelay
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import ROUND_ID, round_body, submit
from tests.services.notify.helpers import PEOPLE, give_contact
from tests.services.notify.mail_sink import Collector

PROPOSER = PEOPLE[0]
R = f"/rounds/{ROUND_ID}"


@pytest.fixture
def intake(tmp_path: Path, auth: TokenFactory) -> Iterator[TestClient]:
    app = create_intake(IntakeSettings(database_url=f"sqlite:///{tmp_path}/intake.db"))
    with TestClient(app, base_url="http://intake.test") as client:
        answer = client.put(R, json=round_body(), headers=auth(Role.SYSTEM))
        assert answer.status_code == 200, answer.text
        yield client


def _text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def _ask(intake: TestClient, auth: TokenFactory, proposal_id: int, subject: str) -> None:
    asker = auth(Role.RESIDENT, subject=subject, name="Sara Lind")
    body = {"text": "Var ska cykelställen stå?", "kind": "question"}
    answer = intake.post(f"{R}/proposals/{proposal_id}/comments", json=body, headers=asker)
    assert answer.status_code == 201, answer.text


def test_a_question_on_a_proposal_reaches_its_proposer_once(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    intake: TestClient,
    mail: tuple[Collector, int],
) -> None:
    proposer = give_contact(client, auth, PROPOSER, email="kim@example.se", name="Kim")
    proposal_id = int(submit(intake, proposer, identity_number=PROPOSER)["id"])
    follow = {"round_id": ROUND_ID, "proposal_id": proposal_id}
    assert client.post("/contacts/me/follows", json=follow, headers=proposer).status_code == 201
    # Someone else follows the proposal too: they hear of its assessment, not of questions.
    other = give_contact(client, auth, PEOPLE[1], email="bo@example.se")
    assert client.post("/contacts/me/follows", json=follow, headers=other).status_code == 201
    _ask(intake, auth, proposal_id, PEOPLE[1])
    _ask(intake, auth, proposal_id, PEOPLE[2])
    relay = QuestionRelay(app.state.engine, settings, http=intake)
    assert relay.rounds() == [ROUND_ID]
    assert relay.relay() == 2
    sender = Sender(app.state.engine, settings)
    while sender.send_batch():
        pass
    questions = [m for m in mail[0].to("kim@example.se") if "fråga" in str(m["Subject"])]
    assert len(questions) == 2
    assert not [m for m in mail[0].to("bo@example.se") if "fråga" in str(m["Subject"])]
    message = questions[0]
    assert message["Subject"] == f"En ny fråga om ditt förslag {proposal_id}"
    assert message["List-Unsubscribe"].startswith(
        "<https://medborgarbudget.are.example/avregistrera"
    )
    body = _text(message)
    assert body.startswith("Hej Kim!") and "Läs och svara:" in body
    assert f"https://medborgarbudget.are.example/omgangar/{ROUND_ID}/forslag/{proposal_id}" in body
    assert "Var ska cykelställen stå?" not in body  # the question is on the page, not in mail
    for raw in mail[0].raw:
        for person in PEOPLE:
            assert person.encode() not in raw and person.replace("-", "").encode() not in raw
    pending = intake.get(f"{R}/comment-notices", headers=auth(Role.SYSTEM)).json()
    assert pending["total"] == 0
    # A second pass finds nothing pending and sends nothing again.
    assert relay.relay() == 0
    while sender.send_batch():
        pass
    assert len([m for m in mail[0].to("kim@example.se") if "fråga" in str(m["Subject"])]) == 2


def test_a_proposer_without_an_address_gets_nothing_and_the_notice_is_handled(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    intake: TestClient,
    mail: tuple[Collector, int],
) -> None:
    proposer = give_contact(client, auth, PROPOSER, email="kim@example.se")
    proposal_id = int(submit(intake, proposer, identity_number=PROPOSER)["id"])
    follow = {"round_id": ROUND_ID, "proposal_id": proposal_id}
    assert client.post("/contacts/me/follows", json=follow, headers=proposer).status_code == 201
    assert client.delete("/contacts/me", headers=proposer).status_code == 204  # erased
    _ask(intake, auth, proposal_id, PEOPLE[1])
    relay = QuestionRelay(app.state.engine, settings, http=intake)
    assert relay.relay() == 0  # no follow left: the round is not asked
    assert intake.get(f"{R}/comment-notices", headers=auth(Role.SYSTEM)).json()["total"] == 1


def test_the_workflow_cannot_announce_a_question(client: TestClient, auth: TokenFactory) -> None:
    body = {"event": "question_asked", "ref": "1", "params": {"proposal_id": 1}}
    answer = client.post(f"{R}/announcements", json=body, headers=auth(Role.SYSTEM))
    assert_problem(answer, 422, "not-an-announcement")


def test_two_notify_processes_relay_each_question_once_one_at_a_time(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    intake: TestClient,
) -> None:
    """Two processes' relays (each its own lease holder and HTTP client) tick together, three
    times: one of them asks intake and queues every question once, the other never asks."""
    proposer = give_contact(client, auth, PROPOSER, email="kim@example.se", name="Kim")
    proposal_id = int(submit(intake, proposer, identity_number=PROPOSER)["id"])
    follow = {"round_id": ROUND_ID, "proposal_id": proposal_id}
    assert client.post("/contacts/me/follows", json=follow, headers=proposer).status_code == 201
    for asker in PEOPLE[1:4]:
        _ask(intake, auth, proposal_id, asker)
    asked: list[list[str]] = [[], []]
    relays = []
    for n in range(2):
        http = TestClient(intake.app, base_url="http://intake.test")
        http.event_hooks = {"request": [lambda request, n=n: asked[n].append(request.method)]}
        relays.append(QuestionRelay(app.state.engine, settings, http=http))
    start = threading.Barrier(2, timeout=30)
    handled: list[list[int]] = [[], []]

    def ticks(n: int) -> None:
        for _ in range(3):
            start.wait()
            handled[n].append(relays[n].relay())

    threads = [threading.Thread(target=ticks, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive()
    assert sorted(sum(each) for each in handled) == [0, 3]
    assert sorted(len(each) > 0 for each in asked) == [False, True]
    with Session(app.state.engine) as session:
        queued = session.exec(
            select(Announcement).where(Announcement.event == Event.QUESTION_ASKED)
        ).all()
    assert len(queued) == 3
    assert intake.get(f"{R}/comment-notices", headers=auth(Role.SYSTEM)).json()["total"] == 0


def test_the_lease_passes_on_when_released_or_run_out(app: FastAPI) -> None:
    first, second = (JobLease(app.state.engine, "questions", 90) for _ in range(2))
    assert first.take() and first.take()  # renewing it
    assert not second.take()
    first.release()
    assert second.take() and not first.take()
    # The holder died: its lease runs out, and the other takes it then.
    assert first.take(now=utc_now() + timedelta(seconds=91))
