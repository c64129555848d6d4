"""Mina notiser against the real notify service in-process: consent given, an e-mail address
that is not one refused beside its field, withdrawn and erased with one button; the
unsubscribe page with a real link, a forged one and a mail program's one-click POST; and the
development page listing the local mail sink's messages."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role, verify_token
from services.common.settings import DEV_PSEUDONYM_SECRET
from services.notify.identity import key_of
from services.notify.main import create_app as create_notify
from services.notify.settings import NotifySettings
from services.notify.unsubscribe import make_token
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.web.in_process import csrf, sign_in_as, web_client
from tests.web.test_proposal_pages import FORM as PROPOSAL_FORM
from tests.web.test_proposal_pages import _form as _proposal_form

PERSON = "19800101-0008"


def token_of(client: TestClient) -> str:
    return str(client.cookies["mb_session"])


def _notify(tmp_path: Path) -> tuple[FastAPI, TestClient]:
    app = create_notify(NotifySettings(database_url=f"sqlite:///{tmp_path}/n.db"))
    return app, TestClient(app)


def test_a_resident_consents_is_refused_a_bad_address_and_erases_with_one_button(
    database_url: str, tmp_path: Path
) -> None:
    app, _notify_client = _notify(tmp_path)
    apps = {"notify.test": app}
    with web_client(database_url, apps=apps, notify_url="http://notify.test") as client:
        sign_in_as(client, Role.RESIDENT, PERSON)
        page = client.get("/notiser")
        assert page.status_code == 200
        assert "Jag samtycker enligt texten ovan" in page.text and "återkalla" in page.text
        token = csrf(client, "/notiser")
        form = {"csrf_token": token, "consent_version": "2026-12", "invitations": "on"}
        refused = client.post("/notiser", data=form | {"email": "kim@", "consent": "on"})
        assert refused.status_code == 422
        assert 'id="e-email"' in refused.text and "inte en e-postadress" in refused.text
        unconsented = client.post("/notiser", data=form | {"email": "kim@example.se"})
        assert unconsented.status_code == 422 and "godkänna samtyckestexten" in unconsented.text
        saved = client.post("/notiser", data=form | {"email": "kim@example.se", "consent": "on"})
        assert saved.status_code == 303 and saved.headers["location"] == "/notiser?sparat=1"
        again = client.get("/notiser?sparat=1")
        assert 'value="kim@example.se"' in again.text and "Dina val är sparade." in again.text
        erased = client.post("/notiser/radera", data={"csrf_token": token})
        assert erased.status_code == 303
        after = client.get(erased.headers["location"])
        assert "kontaktuppgifter är raderade" in after.text
        assert 'value="kim@example.se"' not in after.text


def test_unsubscribe_links_real_forged_and_one_click(database_url: str, tmp_path: Path) -> None:
    app, _notify_client = _notify(tmp_path)
    apps = {"notify.test": app}
    with web_client(database_url, apps=apps, notify_url="http://notify.test") as client:
        sign_in_as(client, Role.RESIDENT, PERSON)
        token = csrf(client, "/notiser")
        form = {"csrf_token": token, "consent_version": "2026-12", "consent": "on"}
        client.post("/notiser", data=form | {"email": "kim@example.se", "invitations": "on"})
        principal = verify_token(app.state.settings, client.cookies["mb_session"])
        key = key_of(DEV_PSEUDONYM_SECRET, principal, datetime.now(UTC).date())
        link = make_token(
            DEV_PSEUDONYM_SECRET, key, "invitations", datetime.now(UTC) + timedelta(1)
        )
        client.cookies.clear()
        page = client.get(f"/avregistrera?token={link}")
        assert page.status_code == 200 and "Ja, avregistrera mig" in page.text
        forged = client.post("/avregistrera", data={"token": link[:-2] + "xx"})
        assert forged.status_code == 400 and "inte giltig" in forged.text
        one_click = client.post(
            f"/avregistrera?token={link}", data={"List-Unsubscribe": "One-Click"}
        )
        assert one_click.status_code == 200 and "inga fler sådana brev" in one_click.text
        sign_in_as(client, Role.RESIDENT, PERSON)
        assert 'id="f-invitations" name="invitations" checked' not in client.get("/notiser").text


def test_the_development_page_lists_the_mail_sinks_messages(
    database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "mail").mkdir()
    message = "To: kim@example.se\r\nSubject: Nu kan du rösta\r\n\r\nHej Kim!\r\n"
    (tmp_path / "mail" / "20270301T120000-1-0000001.eml").write_bytes(message.encode())
    with web_client(database_url, mail_dir=str(tmp_path / "mail")) as client:
        page = client.get("/utveckling/e-post")
        assert page.status_code == 200
        assert "kim@example.se" in page.text and "Hej Kim!" in page.text
    with web_client(database_url, mail_dir="") as client:
        assert client.get("/utveckling/e-post").status_code == 404


def test_a_proposer_with_an_address_follows_the_new_proposal(
    database_url: str, tmp_path: Path
) -> None:
    app, notify = _notify(tmp_path)
    apps = {"notify.test": app}
    with web_client(database_url, apps=apps, notify_url="http://notify.test") as client:
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        token = csrf(client, "/notiser")
        form = {"csrf_token": token, "consent_version": "2026-12", "consent": "on"}
        assert client.post("/notiser", data=form | {"email": "kim@example.se"}).is_redirect
        proposal = _proposal_form() | {"csrf_token": csrf(client, PROPOSAL_FORM)}
        made = client.post(PROPOSAL_FORM, data=proposal)
        assert made.status_code == 303, made.text
        proposal_id = made.headers["location"].split("/")[-1].split("?")[0]
        mine = notify.get("/contacts/me", headers={"Authorization": f"Bearer {token_of(client)}"})
        assert mine.json()["follows"] == [f"{ROUND_ID}/{proposal_id}"]
