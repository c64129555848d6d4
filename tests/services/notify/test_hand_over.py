"""The one step SMTP cannot make idempotent: the end of data. A message is committed "sent" just
before it, so a sender that stops before that commit leaves a message the server discarded and
that goes again (exactly once), one that stops after it is never sent twice, a sender whose
lease lapsed cannot commit another sender's message, and a refusal of the end of data undoes
the "sent": "not now" sends it again later, once; "no" fails it."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.common.auth import Role
from services.notify.channels import Mail, Outgoing, Taken
from services.notify.models import Delivery
from services.notify.rendering import Message
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from tests.conftest import TokenFactory
from tests.services.notify.helpers import ROUND, invite, lapse, send_and_die, statuses
from tests.services.notify.mail_sink import Collector, smtp_sink


@pytest.mark.parametrize("commit_first", [False, True], ids=["before-commit", "after-commit"])
def test_a_sender_that_died_at_the_end_of_data_never_leaves_a_second_copy(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
    commit_first: bool,
) -> None:
    """Dying before the "sent" commit: the server discarded the unfinished DATA and the message
    goes again, once. Dying after it, before the end of data (the documented window):
    that message is lost, never a second copy."""
    invite(client, auth)
    first = send_and_die(app, settings, commit_first)
    assert statuses(app)[first] == ("sent" if commit_first else "sending")
    other = Sender(app.state.engine, settings)
    assert other.send_batch() == (2 if commit_first else 3)
    assert other.send_batch() == 0  # nothing claimed again
    assert set(statuses(app).values()) == {"sent"}
    got = [f"person{n}@example.se" for n in range(1 if commit_first else 0, 3)]
    assert sorted(m["To"] for m in mail[0].messages) == got
    listed = client.get(f"/rounds/{ROUND}/announcements", headers=auth(Role.OFFICIAL)).json()
    totals = {"queued": 0, "sending": 0, "sent": 3, "skipped": 0, "failed": 0, "uncertain": 0}
    assert listed["totals"] == totals  # the one without an answer is too recent to count


def test_a_sender_whose_lease_lapsed_cannot_commit_the_new_owners_message(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    invite(client, auth, 1)
    stalled = Sender(app.state.engine, settings)
    (delivery_id,) = stalled.claim()
    lapse(app, settings)
    owner = Sender(app.state.engine, settings)
    assert owner.claim() == [delivery_id]
    outgoing = Outgoing(delivery_id, Message("Ämne", "Text", "sv"), "https://x.example/a")
    late = Mail(settings)
    with pytest.raises(Taken):  # its message went up to the end of data, then stopped
        late.send(outgoing, "person0@example.se", lambda: stalled._commit_sent(delivery_id))
    late.close()
    assert owner.send_claimed([delivery_id]) == 1
    assert [m["To"] for m in mail[0].messages] == ["person0@example.se"]
    assert statuses(app) == {delivery_id: "sent"}


class Flaky(Collector):
    """Answers the first end of data with ``first`` (a code, or None: hang up unanswered)."""

    def __init__(self, first: str | None) -> None:
        super().__init__()
        self.first: str | None = first
        self.answered = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.answered += 1
        if self.answered > 1:
            return await super().handle_DATA(server, session, envelope)
        if self.first is None:
            await super().handle_DATA(server, session, envelope)  # it has the message...
            server.transport.close()  # ...and the answer is lost
            return "250 OK"
        return self.first


@pytest.fixture
def flaky(request: pytest.FixtureRequest) -> Iterator[tuple[Collector, int]]:
    with smtp_sink(collector=Flaky(request.param)) as sink:
        yield sink


@pytest.fixture
def refusing(
    app: FastAPI, settings: NotifySettings, flaky: tuple[Collector, int]
) -> tuple[Sender, Collector]:
    """A sender to the flaky server, and that server's collector."""
    return Sender(app.state.engine, settings.model_copy(update={"smtp_port": flaky[1]})), flaky[0]


def _outcomes(app: FastAPI) -> list[tuple[str, str, bool]]:
    """Each row's status, reason and whether it has a sent_at, in order."""
    with app.state.engine.connect() as connection:
        rows = connection.execute(
            select(Delivery.status, Delivery.reason, Delivery.sent_at)  # type: ignore[call-overload]
        ).all()
    return sorted((str(status), reason or "", at is not None) for status, reason, at in rows)


@pytest.mark.parametrize("flaky", [None], indirect=True)
def test_no_answer_after_the_end_of_data_leaves_the_message_sent_and_marked(
    client: TestClient, app: FastAPI, auth: TokenFactory, refusing: tuple[Sender, Collector]
) -> None:
    invite(client, auth, 2)
    sender, server = refusing
    while sender.send_batch():
        pass
    assert _outcomes(app) == [("sent", "", True), ("sent", "no-answer-after-data", True)]
    # The server had it: one copy each, none sent again.
    assert sorted(m["To"] for m in server.messages) == ["person0@example.se", "person1@example.se"]


@pytest.mark.parametrize("flaky", ["451 4.3.0 try again later"], indirect=True)
def test_not_now_to_the_end_of_data_sends_the_message_again_later_once(
    client: TestClient, app: FastAPI, auth: TokenFactory, refusing: tuple[Sender, Collector]
) -> None:
    invite(client, auth, 1)
    sender, server = refusing
    assert sender.send_batch() == 0  # paused: back to the queue, its "sent" undone
    assert _outcomes(app) == [("queued", "", False)]
    assert sender.send_batch() == 1
    assert _outcomes(app) == [("sent", "", True)]
    assert [m["To"] for m in server.messages] == ["person0@example.se"]


@pytest.mark.parametrize("flaky", ["554 5.7.1 message refused"], indirect=True)
def test_no_to_the_end_of_data_fails_the_message_with_its_reason(
    client: TestClient, app: FastAPI, auth: TokenFactory, refusing: tuple[Sender, Collector]
) -> None:
    invite(client, auth, 2)
    sender, server = refusing
    assert sender.send_batch() == 2
    assert _outcomes(app) == [("failed", "message-refused", False), ("sent", "", True)]
    assert [m["To"] for m in server.messages] == ["person1@example.se"]
