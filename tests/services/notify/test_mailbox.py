"""The digital mailbox adapter against a fake förmedlingstjänst over real HTTP: signed, keyed
by the message id, the personnummer only in the envelope (never in the text), and a person
without a mailbox failed for good with the reason recorded."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import ServiceSettings
from services.notify.events import CONSENT_VERSION
from services.notify.main import create_app
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from tests.conftest import TokenFactory
from tests.kommun_fake import MAILBOX, FakeKommun
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import ORGANISATIONSNUMMER
from tests.services.notify.helpers import PEOPLE, ROUND, announce


def test_letters_go_to_the_mailbox_signed_and_once(
    client: TestClient, app: FastAPI, settings: NotifySettings, auth: TokenFactory
) -> None:
    body = {"mailbox": True, "consent": True, "consent_version": CONSENT_VERSION, "name": "Kim"}
    for person in PEOPLE[:2]:
        headers = auth(Role.RESIDENT, subject=person)
        assert client.put("/contacts/me", json=body, headers=headers).status_code == 200
    with FakeKommun() as kommun:
        kommun.no_mailbox.add(PEOPLE[1].replace("-", ""))
        mailbox = settings.model_copy(
            update={"mailbox_url": f"{kommun.url}/mailbox", "mailbox_secret": kommun.secret}
        )
        announce(client, auth, "voting_opened", closes_at="2027-05-31T20:00:00+00:00")
        sender = Sender(app.state.engine, mailbox)
        assert sender.send_batch() == 2
        assert sender.send_batch() == 0
        (letter,) = kommun.delivered(MAILBOX)
        assert letter["recipient"] == {"personnummer": PEOPLE[0].replace("-", "")}
        assert letter["subject"] == "Nu kan du rösta i Medborgarbudget Åre 2027"
        assert letter["body"].startswith("Hej Kim!")
        assert PEOPLE[0].replace("-", "")[2:] not in letter["body"]
        assert letter["sender"] == {"name": "Medborgarbudgeten i Åre"}
        (sent,) = [r for r in kommun.attempts(MAILBOX) if r.status == 202]
        assert sent.key == letter["message_id"] and sent.key.startswith("delivery-")
    progress = client.get(f"/rounds/{ROUND}/announcements", headers=auth(Role.SYSTEM)).json()
    assert progress["totals"]["sent"] == 1 and progress["totals"]["failed"] == 1


def _company() -> dict[str, str]:
    claims = {"kommun": "Åre", "organisationsnummer": ORGANISATIONSNUMMER}
    token = issue_token(
        ServiceSettings(), "ombud-1", [Role.COMPANY], name="Fjällbageriet AB", claims=claims
    )
    return {"Authorization": f"Bearer {token}"}


def test_a_company_is_refused_the_mailbox_with_the_reason_unless_it_reaches_companies(
    client: TestClient, app: FastAPI, settings: NotifySettings, auth: TokenFactory
) -> None:
    body = {"mailbox": True, "consent": True, "consent_version": CONSENT_VERSION}
    refused = client.put("/contacts/me", json=body, headers=_company())
    assert_problem(refused, 422, "mailbox-not-for-organisations")
    assert "inte företag" in refused.json()["detail"]
    assert client.get("/contacts/me", headers=_company()).status_code == 404  # nothing stored
    with FakeKommun() as kommun:
        reaches = settings.model_copy(
            update={
                "mailbox_organisations": True,
                "mailbox_url": f"{kommun.url}/mailbox",
                "mailbox_secret": kommun.secret,
            }
        )
        kivra = create_app(reaches)
        with TestClient(kivra) as service:
            given = service.put("/contacts/me", json=body, headers=_company())
            assert given.status_code == 200 and given.json()["mailbox"] is True
            announce(service, auth, "voting_opened", closes_at="2027-05-31T20:00:00+00:00")
            assert Sender(kivra.state.engine, reaches).send_batch() == 1
        (letter,) = kommun.delivered(MAILBOX)
    digits = ORGANISATIONSNUMMER.replace("-", "")
    assert letter["recipient"] == {"organisationsnummer": digits}
    assert digits not in letter["body"] and letter["body"].startswith("Hej!")
