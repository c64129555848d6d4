"""The pace of sending: at most ``MB_NOTIFY_RATE`` messages a second (the mail server's limit),
shared among the ``MB_NOTIFY_CONNECTIONS`` senders."""

import time

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from tests.conftest import TokenFactory
from tests.services.notify.helpers import PEOPLE, announce, give_contact
from tests.services.notify.mail_sink import Collector


def test_a_sender_keeps_to_its_share_of_the_rate(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    for n, person in enumerate(PEOPLE):
        give_contact(client, auth, person, email=f"person{n}@example.se")
    announce(client, auth, "voting_opened", closes_at="2027-05-31T20:00:00+00:00")
    # Two senders share 20 a second: each sends one message every 0.1 s.
    paced = settings.model_copy(update={"notify_rate": 20.0, "notify_connections": 2})
    sender = Sender(app.state.engine, paced)
    started = time.monotonic()
    assert sender.send_batch() == len(PEOPLE)
    elapsed = time.monotonic() - started
    assert len(mail[0].messages) == len(PEOPLE)
    assert elapsed >= 0.1 * (len(PEOPLE) - 1) - 0.01, elapsed
