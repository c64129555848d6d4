"""Requests and sender steps the notify tests share."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from medborgarbudget.synthetic import personnummer
from services.common.auth import Role
from services.notify.channels import Mail, Outgoing
from services.notify.events import CONSENT_VERSION
from services.notify.models import Delivery
from services.notify.rendering import Message
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from tests.conftest import TokenFactory

ROUND = "are-2027"
CLOSES = "2027-05-31T20:00:00+00:00"


PEOPLE = [personnummer(n) for n in range(4)]


def contact_body(**changes: Any) -> dict[str, Any]:
    return {
        "email": "kim@example.se",
        "name": "Kim",
        "language": "sv",
        "invitations": True,
        "consent": True,
        "consent_version": CONSENT_VERSION,
        **changes,
    }


def give_contact(
    client: TestClient, auth: TokenFactory, subject: str, **changes: Any
) -> dict[str, str]:
    headers = auth(Role.RESIDENT, subject=subject)
    answer = client.put("/contacts/me", json=contact_body(**changes), headers=headers)
    assert answer.status_code == 200, answer.text
    return headers


def announce(
    client: TestClient, auth: TokenFactory, event: str, ref: str = "", **params: Any
) -> dict[str, Any]:
    body = {
        "event": event,
        "kommun": "Åre",
        "ref": ref,
        "params": {"round_title": "Medborgarbudget Åre 2027", **params},
    }
    answer = client.post(f"/rounds/{ROUND}/announcements", json=body, headers=auth(Role.SYSTEM))
    assert answer.status_code in (200, 201), answer.text
    result: dict[str, Any] = answer.json()
    return result


def statuses(app: FastAPI) -> dict[int, str]:
    with app.state.engine.connect() as connection:
        rows = connection.execute(select(Delivery.id, Delivery.status)).all()  # type: ignore[call-overload]
    return {int(i): str(status) for i, status in rows}


def lapse(app: FastAPI, settings: NotifySettings) -> datetime:
    lapsed = datetime.now(UTC) - timedelta(seconds=settings.notify_lease_seconds + 1)
    with app.state.engine.begin() as connection:
        connection.execute(update(Delivery).values(claimed_at=lapsed))
    return lapsed


def invite(client: TestClient, auth: TokenFactory, count: int = 3) -> None:
    for n, person in enumerate(PEOPLE[:count]):
        give_contact(client, auth, person, email=f"person{n}@example.se")
    announce(client, auth, "voting_opened", closes_at=CLOSES)


class Died(BaseException):
    """The process ending at this point (a BaseException, like the SystemExit of a kill)."""


def send_and_die(app: FastAPI, settings: NotifySettings, commit_first: bool) -> int:
    """A sender that sends its first message up to the end of data and dies there: before the
    "sent" commit, or after it but before writing the end of data (the window the design leaves)."""
    stopped = Sender(app.state.engine, settings)
    ids = stopped.claim()
    delivery_id = ids[0]
    outgoing = Outgoing(delivery_id, Message("Ämne", "Text", "sv"), "https://x.example/a")

    def commit_then_die() -> bool:
        if commit_first:
            assert stopped._commit_sent(delivery_id)
        raise Died()

    mail = Mail(settings)
    with pytest.raises(Died):
        mail.send(outgoing, "person0@example.se", commit_then_die)
    mail.close()
    lapse(app, settings)
    return delivery_id
