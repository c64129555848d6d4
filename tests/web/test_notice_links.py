"""Where a person is asked for an address (issue 20: "when they propose, vote or sign in"): the
proposal's receipt, the ballot page and the vote's receipt, the first page after signing in and
the menu all lead to Mina notiser, where the consent text is; a politician manages their own
contact there too."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from services.notify.main import create_app as create_notify
from services.notify.settings import NotifySettings
from services.voting.main import create_app as create_voting
from services.voting.settings import VotingSettings
from services.web.session import SIGNED_IN_COOKIE
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.services.voting.conftest import ballot_body
from tests.web.in_process import csrf, sign_in_as, web_client
from tests.web.test_proposal_pages import FORM as PROPOSAL_FORM
from tests.web.test_proposal_pages import _form as _proposal_form

SYSTEM = {"Authorization": f"Bearer {issue_token(PlatformSettings(), 'wf', [Role.SYSTEM])}"}
MENU_LINK = '<li><a href="/notiser"'
CONSENT = "Jag vill få e-post (eller brev i min digitala brevlåda)"


@pytest.fixture
def notify(tmp_path: Path) -> FastAPI:
    return create_notify(NotifySettings(database_url=f"sqlite:///{tmp_path}/notify.db"))


@pytest.fixture
def voting(tmp_path: Path) -> Iterator[TestClient]:
    app = create_voting(VotingSettings(database_url=f"sqlite:///{tmp_path}/voting.db"))
    with TestClient(app) as service:
        assert service.put(f"/rounds/{ROUND_ID}/ballot", json=ballot_body(), headers=SYSTEM)
        assert service.post(f"/rounds/{ROUND_ID}/open", headers=SYSTEM).is_success
        yield service


@pytest.fixture
def web(database_url: str, notify: FastAPI, voting: TestClient) -> Iterator[TestClient]:
    apps: dict[str, Any] = {"notify.test": notify, "voting.test": voting.app}
    with web_client(database_url, apps=apps, notify_url="http://notify.test") as client:
        yield client


def test_the_proposals_receipt_leads_to_mina_notiser_and_follows_the_proposal(
    web: TestClient, notify: FastAPI
) -> None:
    sign_in_as(web, Role.RESIDENT, PERSONNUMMER)
    made = web.post(PROPOSAL_FORM, data=_proposal_form() | {"csrf_token": csrf(web, PROPOSAL_FORM)})
    assert made.status_code == 303, made.text
    proposal_id = made.headers["location"].split("/")[-1].split("?")[0]
    receipt = web.get(made.headers["location"]).text
    link = f"/notiser?folj={ROUND_ID}/{proposal_id}"
    assert "Tack! Ditt förslag är inlämnat." in receipt and f'href="{link}"' in receipt
    page = web.get(link)
    assert CONSENT in page.text and f'name="follow" value="{ROUND_ID}/{proposal_id}"' in page.text
    form = {
        "csrf_token": csrf(web, link),
        "consent_version": "2026-12",
        "consent": "on",
        "email": "kim@example.se",
        "follow": f"{ROUND_ID}/{proposal_id}",
    }
    assert web.post(link, data=form).status_code == 303
    with TestClient(notify) as service:
        token = str(web.cookies["mb_session"])
        mine = service.get("/contacts/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert mine["follows"] == [f"{ROUND_ID}/{proposal_id}"]


def test_a_forged_follow_value_is_not_offered(web: TestClient) -> None:
    sign_in_as(web, Role.RESIDENT, PERSONNUMMER)
    page = web.get('/notiser?folj=are-2027/1"><script>').text
    assert 'name="follow"' not in page and "<script>" not in page.split("<main", 1)[1]


def test_the_ballot_page_and_the_votes_receipt_lead_to_mina_notiser(web: TestClient) -> None:
    sign_in_as(web, Role.RESIDENT, PERSONNUMMER)
    path = f"/omgangar/{ROUND_ID}/rosta"
    ballot = web.get(path).text
    assert 'class="notices-invitation"' in ballot and 'href="/notiser">Mina notiser' in ballot
    voted = web.post(path, data={"csrf_token": csrf(web, path), "choice": ["3"], "action": "vote"})
    assert voted.status_code == 303, voted.text
    receipt = web.get(voted.headers["location"]).text
    assert "Tack för din röst!" in receipt
    invitation = receipt.split('class="notices-invitation"', 1)[1]
    assert invitation.index('href="/notiser"') < invitation.index("</p>")


def test_the_first_page_after_signing_in_invites_to_mina_notiser(web: TestClient) -> None:
    start = web.get("/logga-in?next=/tillganglighet")
    state = parse_qs(urlparse(start.headers["location"]).query)["state"][0]
    token = csrf(web, start.headers["location"])
    chosen = web.post(
        "/dev-idp/authorize", data={"person": "kim", "state": state, "csrf_token": token}
    )
    landed = web.get(chosen.headers["location"])
    assert landed.status_code == 303 and landed.headers["location"] == "/tillganglighet"
    first = web.get("/tillganglighet")
    assert "Du är inloggad. Vill du få e-post" in first.text
    assert 'class="notices-invitation"' in first.text
    assert SIGNED_IN_COOKIE not in web.cookies  # shown once
    assert "Du är inloggad. Vill du få e-post" not in web.get("/tillganglighet").text


@pytest.mark.parametrize(
    "role", [Role.RESIDENT, Role.COMPANY, Role.POLITICIAN, Role.OFFICIAL, Role.EVALUATOR]
)
def test_the_menu_leads_every_person_to_mina_notiser(web: TestClient, role: Role) -> None:
    sign_in_as(web, role, PERSONNUMMER)
    page = web.get("/tillganglighet").text
    assert MENU_LINK in page
    notices = web.get("/notiser")
    assert notices.status_code == 200 and CONSENT in notices.text


def test_a_politician_gives_and_erases_their_contact(web: TestClient) -> None:
    sign_in_as(web, Role.POLITICIAN, PERSONNUMMER, party="Centerpartiet")
    token = csrf(web, "/notiser")
    form = {"csrf_token": token, "consent_version": "2026-12", "consent": "on"}
    saved = web.post("/notiser", data=form | {"email": "eva@example.se", "invitations": "on"})
    assert saved.status_code == 303 and saved.headers["location"] == "/notiser?sparat=1"
    assert 'value="eva@example.se"' in web.get("/notiser").text
    # A politician is not staff: the officials' reminders are not offered nor taken.
    assert 'name="official_notices"' not in web.get("/notiser").text
    refused = web.post(
        "/notiser", data=form | {"email": "eva@example.se", "official_notices": "on"}
    )
    assert refused.status_code == 422 and "bara till kommunens tjänstepersoner" in refused.text
    assert web.post("/notiser/radera", data={"csrf_token": token}).status_code == 303
    assert 'value="eva@example.se"' not in web.get("/notiser").text


def test_hosting_staff_are_not_offered_mina_notiser(web: TestClient) -> None:
    sign_in_as(web, Role.HOSTING, PERSONNUMMER)
    assert MENU_LINK not in web.get("/tillganglighet").text
