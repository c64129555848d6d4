"""The council's decision page of a round with pots: each pot's projects under its name and
budget, a justification per pot, and a pot's refusal shown beside that pot's field."""

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from services.voting.main import create_app as create_voting
from services.voting.settings import VotingSettings
from tests.services.decision.conftest import ROUND
from tests.services.decision.test_pot_decision import POTS_TALLY
from tests.services.helpers import RecordingSignaler, stockholm_today
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client

PAGE = f"/omgangar/{ROUND}/beslut"


def _form(token: str, *chosen: int, **fields: str) -> dict[str, object]:
    return {
        "csrf_token": token,
        "approved_project_ids": [str(pid) for pid in chosen],
        "diarienummer": "KS 2027/123",
        "paragraph": "§ 45",
        "meeting_date": stockholm_today(),
        "justification": "",
        "justifications.kommun": "",
        "justifications.norr": "",
        **fields,
    }


def test_each_pot_is_decided_on_its_own_with_its_own_justification(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND, recommendation=POTS_TALLY)
    signals = RecordingSignaler()
    service.app.state.signaler = signals  # type: ignore[attr-defined]
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.COUNCIL_SECRETARY, "secretary-1", kommun="Åre")
        page = client.get(PAGE)
        assert page.status_code == 200, page.text
        text = page.text
        # Each pot's fieldset holds its own projects, each pot has its justification field.
        assert 'id="f-pots.kommun"' in text and 'id="f-pots.norr"' in text
        kommun, norr = text.index('id="f-pots.kommun"'), text.index('id="f-pots.norr"')
        assert kommun < text.index('id="project-1"') < norr < text.index('id="project-5"')
        assert 'name="justifications.kommun"' in text and 'name="justifications.norr"' in text

        # Norr gets 5 instead of 4 and 3, without Norr's own justification.
        token = csrf(client, PAGE)
        refused = client.post(PAGE, data=_form(token, 2, 5, justification="Allmänt."))
        assert refused.status_code == 422
        assert 'id="e-justifications.norr"' in refused.text
        assert 'href="#f-justifications.norr"' in refused.text
        assert "Potten Norr" in refused.text
        assert signals.sent == []

        answer = client.post(
            PAGE,
            data=_form(token, 2, 5, **{"justifications.norr": "Skolan först."}),
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        [(_, signal, payload)] = signals.sent
        assert signal == "record_council_decision"
        assert payload["justifications"] == {"norr": "Skolan först."}
        assert payload["approved_project_ids"] == [2, 5]


def test_the_results_page_shows_each_pots_justification(database_url: str, tmp_path: Path) -> None:
    service = decision_service(tmp_path, ROUND, recommendation=POTS_TALLY)
    system = issue_token(PlatformSettings(), "worker", [Role.SYSTEM], name="arbetsflöde")
    record = {
        "approved_project_ids": [2, 5],
        "diarienummer": "KS 2027/123",
        "paragraph": "§ 45",
        "meeting_date": stockholm_today(),
        "justifications": {"norr": "Skolan först."},
        "recorded_by": "Sara",
        "decided_at": "2027-09-15T10:00:00+02:00",
    }
    headers = {"Authorization": f"Bearer {system}"}
    stored = service.put(f"/rounds/{ROUND}/council-decision", json=record, headers=headers)
    assert stored.status_code == 200, stored.text
    voting = create_voting(VotingSettings(database_url=f"sqlite:///{tmp_path}/voting.db"))
    apps: dict[str, Any] = {"decision.test": service.app, "voting.test": voting}
    with TestClient(voting), web_client(database_url, apps=apps) as client:
        page = client.get(f"/omgangar/{ROUND}/resultat").text
        assert "Motivering för norr: Skolan först." in page
