"""The council secretary enters the round's mandate on the web (issue 23): the form posts to
the decision service's mandate endpoint, which checks the budget against the round's and hands
the decision to the round (here its recording stand-in, as the decision tests use); each
refusal stands beside its field, in Swedish or English."""

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.services.helpers import RecordingSignaler, stockholm_today
from tests.services.intake.helpers import ROUND_ID
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client

PAGE = f"/omgangar/{ROUND_ID}/mandat"
GOOD = {
    "body": "kommunfullmäktige",
    "diarienummer": "KS 2026/412",
    "paragraph": "§ 87",
    "budget": "100 000",
    "criteria": (
        "Projektet ska gynna det lokala näringslivet\n\nProjektet genomförs på kommunens mark\n"
    ),
}


def _post(client: TestClient, **changes: str) -> Any:
    form = GOOD | {"decided_on": stockholm_today(), "csrf_token": csrf(client, PAGE)} | changes
    return client.post(PAGE, data=form)


def test_the_secretary_enters_the_mandate_and_refusals_stand_beside_their_fields(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND_ID)
    signaler = RecordingSignaler()
    service.app.state.signaler = signaler  # type: ignore[attr-defined]
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.OFFICIAL, "official-1")
        assert client.get(PAGE).status_code == 403
        sign_in_as(client, Role.COUNCIL_SECRETARY, "sec-1")
        form_page = client.get(PAGE).text
        differs = _post(client, budget="90000")
        empty = _post(client, body="", diarienummer="", budget="mycket")
        future = _post(client, decided_on="2999-01-01")
        english = client.post(
            f"{PAGE}?lang=en",
            data=GOOD | {"decided_on": "", "csrf_token": csrf(client, PAGE)},
        ).text
        client.get("/?lang=sv")
        entered = _post(client)

    assert '<form method="post" novalidate>' in form_page  # posts to itself
    assert 'id="f-budget"' in form_page and "100\u00a0000\u00a0kr" in form_page
    assert differs.status_code == 422
    assert 'id="e-budget"' in differs.text and "skiljer sig från omgångens budget" in differs.text
    assert 'href="#f-budget"' in differs.text
    assert empty.status_code == 422
    for field in ("body", "budget"):
        assert f'id="e-{field}"' in empty.text
    assert future.status_code == 422 and 'id="e-decided_on"' in future.text
    assert "<h1>The decision on the round</h1>" in english
    assert 'href="#f-decided_on">Meeting date: ' in english and 'id="e-decided_on"' in english
    assert entered.status_code == 303 and entered.headers["location"].endswith("?skickat=1")
    [(workflow_id, update, payload)] = signaler.sent
    assert (workflow_id, update) == (ROUND_ID, "record_mandate")
    assert payload["budget"] == 100_000 and payload["paragraph"] == "§ 87"
    assert payload["criteria"] == [
        "Projektet ska gynna det lokala näringslivet",
        "Projektet genomförs på kommunens mark",
    ]
    assert payload["recorded_by"] == "Kim Andersson" and payload["token"]
