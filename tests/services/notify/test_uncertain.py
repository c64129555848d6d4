"""Uncertain e-mails: "sent" without an answer from the mail server. Every answer read is
recorded (with the next commit or at the batch's end); a sender that died between its "sent"
commit and the answer leaves exactly its message uncertain, which counts in the round's totals
once the sender's time for an answer has passed, is listed by Message-ID and is settled by
operations: found in the mail server's log, or lost and sent again once."""

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlmodel import col

from services.common.auth import Role
from services.notify.models import Delivery
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.notify.helpers import ROUND, invite, send_and_die
from tests.services.notify.mail_sink import Collector

URL = f"/rounds/{ROUND}/uncertain-deliveries"


def _answered(app: FastAPI) -> dict[int, bool]:
    with app.state.engine.connect() as connection:
        rows = connection.execute(select(Delivery.id, Delivery.answered_at)).all()  # type: ignore[call-overload]
    return {int(i): at is not None for i, at in rows}


def _age(app: FastAPI, settings: NotifySettings) -> None:
    """As if the sending happened longer ago than the sender waits for an answer."""
    ago = datetime.now(UTC) - timedelta(seconds=settings.smtp_timeout + 61)
    with app.state.engine.begin() as connection:
        connection.execute(
            update(Delivery).where(col(Delivery.sent_at).is_not(None)).values(sent_at=ago)
        )


def _totals(client: TestClient, auth: TokenFactory) -> dict[str, int]:
    answer = client.get(f"/rounds/{ROUND}/announcements", headers=auth(Role.OFFICIAL))
    totals: dict[str, int] = answer.json()["totals"]
    return totals


def test_every_answer_is_recorded_and_nothing_is_uncertain_after_a_clean_batch(
    client: TestClient, app: FastAPI, auth: TokenFactory, mail: tuple[Collector, int]
) -> None:
    invite(client, auth, 3)
    sender = Sender(app.state.engine, app.state.settings)
    assert sender.send_batch() == 3
    assert _answered(app) == dict.fromkeys(_answered(app), True)  # the last at the batch's end
    _age(app, app.state.settings)
    assert _totals(client, auth)["uncertain"] == 0
    assert client.get(URL, headers=auth(Role.OPERATIONS)).json()["total"] == 0


def test_a_message_whose_sender_died_after_its_commit_is_listed_and_settled(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    invite(client, auth, 3)
    died = send_and_die(app, settings, commit_first=True)
    Sender(app.state.engine, settings).send_batch()
    assert _totals(client, auth)["uncertain"] == 0  # the sender may still read its answer
    _age(app, settings)
    assert _totals(client, auth) | {"sent": 3, "uncertain": 1} == _totals(client, auth)

    listed = client.get(URL, headers=auth(Role.OFFICIAL)).json()
    assert listed["total"] == 1
    [item] = listed["items"]
    assert item["id"] == died and item["message_id"] == f"<delivery-{died}@are.example>"
    assert item["event"] == "voting_opened" and "@example.se" not in str(listed)

    official = client.post(f"{URL}/{died}", json={"outcome": "lost"}, headers=auth(Role.OFFICIAL))
    assert_problem(official, 403)
    lost = client.post(f"{URL}/{died}", json={"outcome": "lost"}, headers=auth(Role.OPERATIONS))
    assert lost.json() == {"id": died, "outcome": "lost", "status": "queued"}
    again = client.post(f"{URL}/{died}", json={"outcome": "lost"}, headers=auth(Role.OPERATIONS))
    assert_problem(again, 409, "not-uncertain")
    assert Sender(app.state.engine, settings).send_batch() == 1

    assert sorted(m["To"] for m in mail[0].messages) == [f"person{n}@example.se" for n in range(3)]
    assert _totals(client, auth)["uncertain"] == 0 and all(_answered(app).values())


def test_a_message_found_in_the_mail_log_counts_as_delivered_and_goes_nowhere(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    invite(client, auth, 1)
    died = send_and_die(app, settings, commit_first=True)
    _age(app, settings)
    found = client.post(
        f"{URL}/{died}", json={"outcome": "delivered"}, headers=auth(Role.OPERATIONS)
    )
    assert found.json() == {"id": died, "outcome": "delivered", "status": "sent"}
    assert Sender(app.state.engine, settings).send_batch() == 0
    assert mail[0].messages == [] and _answered(app) == {died: True}
    assert _totals(client, auth)["uncertain"] == 0


def test_a_settlement_refuses_bad_input_and_other_rounds_and_kommuner(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    invite(client, auth, 1)
    died = send_and_die(app, settings, commit_first=True)
    _age(app, settings)
    ops = auth(Role.OPERATIONS)
    assert_problem(client.post(f"{URL}/{died}", json={"outcome": "maybe"}, headers=ops), 422)
    assert_problem(client.post(f"{URL}/{died}", json={}, headers=ops), 422)
    assert_problem(client.post(f"{URL}/0", json={"outcome": "lost"}, headers=ops), 422)
    other_round = f"/rounds/ovik-2027/uncertain-deliveries/{died}"
    assert_problem(client.post(other_round, json={"outcome": "lost"}, headers=ops), 404)
    elsewhere = auth(Role.OPERATIONS, kommun="Stockholm")
    assert_problem(client.post(f"{URL}/{died}", json={"outcome": "lost"}, headers=elsewhere), 403)
    assert_problem(client.get(f"{URL}?limit=0", headers=ops), 422)
    assert client.get(URL, headers=ops).json()["total"] == 1  # nothing changed
