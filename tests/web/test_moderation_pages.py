"""Officials hide an abusive proposal from its page and show it again from the list of hidden
proposals, against the real intake service; residents see the reason, not the proposal."""

import re

from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.web.in_process import csrf, sign_in_as, web_client

PROPOSALS = f"/omgangar/{ROUND_ID}/forslag"
MODERATION = f"/omgangar/{ROUND_ID}/moderering"
REASON = "Kränkande formuleringar om en namngiven person."


def _propose(client: TestClient) -> int:
    sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
    form = {
        "csrf_token": csrf(client, f"{PROPOSALS}/nytt"),
        "title": "Cykelställ vid torget",
        "description": "Tjugo nya cykelställ vid torget, nära butikerna.",
        "category": "handel",
        "area": "are-by",
        "cost_estimate": "40 000",
        "local_business_benefit": "Fler kunder stannar vid butikerna.",
        "proposer_kind": "resident",
        "identity_number": PERSONNUMMER,
    }
    answer = client.post(f"{PROPOSALS}/nytt", data=form)
    assert answer.status_code == 303, answer.text
    found = re.search(r"/forslag/(\d+)", answer.headers["location"])
    assert found is not None
    return int(found[1])


def test_an_official_hides_a_proposal_and_shows_it_again(database_url: str) -> None:
    with web_client(database_url) as client:
        proposal_id = _propose(client)
        page = f"{PROPOSALS}/{proposal_id}"
        assert "Dölj förslaget" not in client.get(page).text  # not for residents

        sign_in_as(client, Role.OFFICIAL, "official-1")
        token = csrf(client, page)
        assert "Dölj förslaget" in client.get(page).text
        hidden = client.post(f"{page}/dolj", data={"csrf_token": token, "reason": REASON})
        assert hidden.status_code == 303, hidden.text
        listed = client.get(hidden.headers["location"]).text
        assert f"Förslag {proposal_id} är dolt." in listed
        assert REASON in listed and "Kim Andersson" in listed

        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        gone = client.get(page)
        assert gone.status_code == 410 and REASON in gone.text
        assert "Cykelställ vid torget" not in client.get(PROPOSALS).text

        sign_in_as(client, Role.OFFICIAL, "official-1")
        shown = client.post(f"{MODERATION}/{proposal_id}/visa", data={"csrf_token": token})
        assert shown.status_code == 303
        listed = client.get(shown.headers["location"]).text
        assert f"Förslag {proposal_id} visas igen." in listed and "Inga förslag är dolda." in listed
        assert client.get(page).status_code == 200


def test_a_reason_too_short_is_said_beside_the_field_and_nothing_is_hidden(
    database_url: str,
) -> None:
    with web_client(database_url) as client:
        proposal_id = _propose(client)
        page = f"{PROPOSALS}/{proposal_id}"
        sign_in_as(client, Role.OFFICIAL, "official-1")
        refused = client.post(
            f"{page}/dolj", data={"csrf_token": csrf(client, page), "reason": " x "}
        )
        assert refused.status_code == 422
        assert 'id="e-reason"' in refused.text and 'href="#f-reason"' in refused.text
        assert "Cykelställ vid torget" in refused.text  # the proposal page, with the message
        assert client.get(page).status_code == 200


def test_only_officials_moderate(database_url: str) -> None:
    with web_client(database_url) as client:
        proposal_id = _propose(client)
        page = f"{PROPOSALS}/{proposal_id}"
        token = csrf(client, page)
        assert client.get(MODERATION).status_code == 403
        refused = client.post(f"{page}/dolj", data={"csrf_token": token, "reason": REASON})
        assert refused.status_code == 403
        assert client.get(page).status_code == 200
