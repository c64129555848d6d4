"""Officials' reminders and escalations by e-mail go to the official the notice names (by the
name they sign in with), in the round's kommun; a notice that names a role, or nobody who
asked for notices, goes to every official of the kommun who did. Through a real SMTP server."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from tests.conftest import TokenFactory
from tests.services.notify.helpers import ROUND, contact_body
from tests.services.notify.mail_sink import Collector

OFFICIALS = [
    ("anna", "Anna Berg", "Åre", "anna@are.example"),
    ("bo", "Bo Ek", "Åre", "bo@are.example"),
    ("cecilia", "Cecilia Holm", "Åre", "cecilia@are.example"),
    ("anna-2", "Anna Berg", "Krokom", "anna@krokom.example"),
]


def _officials(client: TestClient, auth: TokenFactory) -> None:
    for subject, name, kommun, email in OFFICIALS:
        headers = auth(Role.OFFICIAL, subject=subject, name=name, kommun=kommun)
        body = contact_body(email=email, name=None, official_notices=True, invitations=False)
        assert client.put("/contacts/me", json=body, headers=headers).status_code == 200


def _notice(client: TestClient, auth: TokenFactory, key: str, to: str) -> int:
    body = {
        "event": "official_notice",
        "kommun": "Åre",
        "ref": f"{ROUND}:{key}",
        "to": to,
        "params": {"round_title": "Åre 2027", "subject": "Påminnelse", "message": "Tre kvar."},
    }
    answer = client.post(f"/rounds/{ROUND}/announcements", json=body, headers=auth(Role.SYSTEM))
    assert answer.status_code == 201, answer.text
    recipients: int = answer.json()["recipients"]
    return recipients


def _sent_to(app: FastAPI, settings: NotifySettings, mail: Collector) -> list[str]:
    before = len(mail.messages)
    sender = Sender(app.state.engine, settings)
    while sender.send_batch():
        pass
    return sorted(str(m["To"]) for m in mail.messages[before:])


def test_a_notice_goes_to_the_official_it_names_else_to_the_kommuns_officials(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    _officials(client, auth)
    assert _notice(client, auth, "notice-1", "Anna Berg") == 1
    assert _sent_to(app, settings, mail[0]) == ["anna@are.example"]  # not Krokom's Anna
    message = mail[0].messages[-1]
    assert message["Subject"] == "Påminnelse" and "Hej Anna Berg!" not in str(message)
    # An escalation naming the owner in parentheses, and one naming two approvers.
    assert _notice(client, auth, "notice-2", "ansvarig tjänsteperson (bo ek)") == 1
    assert _sent_to(app, settings, mail[0]) == ["bo@are.example"]
    assert _notice(client, auth, "notice-3", "Anna Berg, Cecilia Holm") == 2
    assert _sent_to(app, settings, mail[0]) == ["anna@are.example", "cecilia@are.example"]
    # A role, or a name nobody signs in with: every official of the kommun with notices.
    assert _notice(client, auth, "notice-4", "tjänstepersoner som bedömer förslagen") == 3
    assert _sent_to(app, settings, mail[0]) == [
        "anna@are.example", "bo@are.example", "cecilia@are.example"
    ]  # fmt: skip
    assert _notice(client, auth, "notice-5", "Dora Lund") == 3


def test_an_official_who_stops_notices_is_not_reached_by_name(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    _officials(client, auth)
    anna = auth(Role.OFFICIAL, subject="anna", name="Anna Berg", kommun="Åre")
    body = contact_body(email="anna@are.example", official_notices=False)
    assert client.put("/contacts/me", json=body, headers=anna).status_code == 200
    assert _notice(client, auth, "notice-1", "Anna Berg") == 2  # the others, not her
    assert "anna@are.example" not in _sent_to(app, settings, mail[0])
