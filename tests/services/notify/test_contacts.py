"""Contact data and consent: given with a consent text, read back, withdrawn and erased in one
call; bad input refused with a Swedish reason and nothing stored."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, select

from services.common.auth import Role
from services.notify.events import CONSENT_TEXT, CONSENT_VERSION
from services.notify.models import Contact
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.notify.helpers import PEOPLE, contact_body, give_contact


def _contacts(app: FastAPI) -> list[Contact]:
    with Session(app.state.engine) as session:
        return list(session.exec(select(Contact)).all())


def test_consent_text_is_public_plain_swedish_and_versioned(client: TestClient) -> None:
    answer = client.get("/consent-text")
    assert answer.status_code == 200
    body = answer.json()
    assert body["version"] == CONSENT_VERSION
    assert body["text"]["sv"] == CONSENT_TEXT["sv"]
    assert "återkalla" in body["text"]["sv"] and "radera" in body["text"]["sv"]


def test_a_resident_gives_reads_and_erases_contact_data_in_one_call(
    client: TestClient, app: FastAPI, auth: TokenFactory
) -> None:
    headers = give_contact(client, auth, PEOPLE[0], mailbox=True)
    mine = client.get("/contacts/me", headers=headers).json()
    assert mine["email"] == "kim@example.se" and mine["name"] == "Kim"
    assert mine["kommun"] == "Åre" and mine["mailbox"] is True
    assert "key" not in mine and "mailbox_identity" not in mine
    (stored,) = _contacts(app)
    assert stored.mailbox_identity and "195001011005" not in stored.mailbox_identity
    assert PEOPLE[0] not in stored.key
    erased = client.delete("/contacts/me", headers=headers)
    assert erased.status_code == 204
    assert _contacts(app) == []
    assert_problem(client.get("/contacts/me", headers=headers), 404, "no-contact")


def test_no_personnummer_is_stored_in_any_table(
    client: TestClient, app: FastAPI, auth: TokenFactory
) -> None:
    give_contact(client, auth, PEOPLE[0], mailbox=True)
    with app.state.engine.connect() as connection:
        for table in ("notify_contact", "notify_follow", "idempotency_record"):
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                flat = " ".join(str(value) for value in row)
                assert "195001011005" not in flat and PEOPLE[0] not in flat


def test_an_address_that_is_not_an_e_mail_address_is_refused(
    client: TestClient, app: FastAPI, auth: TokenFactory
) -> None:
    headers = auth(Role.RESIDENT, subject=PEOPLE[0])
    for bad in ("kim", "kim@", "kim@example", "kim example@x.se", "a@b.se>,c@d.se"):
        answer = client.put("/contacts/me", json=contact_body(email=bad), headers=headers)
        problem = assert_problem(answer, 422, "validation")
        assert "inte en e-postadress" in problem["detail"], bad
    assert _contacts(app) == []


def test_a_consent_without_an_address_is_refused(
    client: TestClient, app: FastAPI, auth: TokenFactory
) -> None:
    headers = auth(Role.RESIDENT, subject=PEOPLE[0])
    answer = client.put("/contacts/me", json=contact_body(email=None), headers=headers)
    assert "e-postadress eller välj den digitala brevlådan" in assert_problem(answer, 422)["detail"]
    answer = client.put("/contacts/me", json=contact_body(consent=False), headers=headers)
    assert "godkänna samtyckestexten" in assert_problem(answer, 422)["detail"]
    answer = client.put(
        "/contacts/me", json=contact_body(consent_version="1999-01"), headers=headers
    )
    assert_problem(answer, 409, "consent-text-changed")
    assert _contacts(app) == []


def test_the_mailbox_needs_a_personnummer_and_official_notices_an_official(
    client: TestClient, app: FastAPI, auth: TokenFactory
) -> None:
    company = auth(Role.COMPANY, subject="foretag-1")
    answer = client.put("/contacts/me", json=contact_body(mailbox=True), headers=company)
    assert_problem(answer, 422, "mailbox-needs-personnummer")
    resident = auth(Role.RESIDENT, subject=PEOPLE[1])
    answer = client.put("/contacts/me", json=contact_body(official_notices=True), headers=resident)
    assert_problem(answer, 403, "not-an-official")
    assert _contacts(app) == []
    official = auth(Role.OFFICIAL, subject="anna")
    answer = client.put("/contacts/me", json=contact_body(official_notices=True), headers=official)
    assert answer.status_code == 200 and answer.json()["official_notices"] is True


def test_a_politician_manages_their_contact_but_gets_no_staff_reminders(
    client: TestClient, app: FastAPI, auth: TokenFactory
) -> None:
    politician = auth(Role.POLITICIAN, subject=PEOPLE[2])
    refused = client.put(
        "/contacts/me", json=contact_body(official_notices=True), headers=politician
    )
    assert_problem(refused, 403, "not-an-official")
    given = client.put(
        "/contacts/me", json=contact_body(email="eva@example.se"), headers=politician
    )
    assert given.status_code == 200, given.text
    assert given.json()["invitations"] is True and given.json()["kommun"] == "Åre"
    assert client.get("/contacts/me", headers=politician).json()["email"] == "eva@example.se"
    assert client.delete("/contacts/me", headers=politician).status_code == 204
    assert _contacts(app) == []
