"""What residents and officials rely on at the key moments, against the real services
in-process: the kommun's assessment on a proposal's page (its cost the headline), the ballot
approval's check against the budget and who approved it, and the council's meeting date."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.assessment.main import create_app as create_assessment
from services.assessment.settings import AssessmentSettings
from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from services.web.formats import STOCKHOLM
from tests.services.assessment.helpers import feasible, rejected, round_body
from tests.services.decision.conftest import TALLY
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client
from tests.web.test_proposal_pages import FORM, _form

CRITERION_COMMENT = "Marknaden hålls på torget, som kommunen äger."


def _headers(*roles: Role, subject: str = "user-1", name: str = "") -> dict[str, str]:
    claims = {"kommun": "Åre"}
    token = issue_token(PlatformSettings(), subject, list(roles), name=name, claims=claims)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def services(tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The assessment service (proposals 1 and 2 to assess) and the decision service."""
    assessment = create_assessment(AssessmentSettings(database_url=f"sqlite:///{tmp_path}/a.db"))
    with TestClient(assessment) as client:
        body = round_body([1, 2], kommun="Åre")
        opened = client.put(f"/rounds/{ROUND_ID}", json=body, headers=_headers(Role.SYSTEM))
        assert opened.status_code == 200, opened.text
        assign = {"assessor_subject": "user-1", "assessor_name": "Bo Bedömare"}
        assigned = client.post(
            f"/rounds/{ROUND_ID}/assignments",
            json=assign | {"proposal_ids": [1, 2]},
            headers=_headers(Role.OFFICIAL, name="Olle"),
        )
        assert assigned.status_code == 200, assigned.text
        yield client, decision_service(tmp_path, ROUND_ID)


def _assess(assessment: TestClient, proposal_id: int, body: dict[str, Any]) -> None:
    path = f"/rounds/{ROUND_ID}/assessments/{proposal_id}"
    answer = assessment.put(path, json=body, headers=_headers(Role.ASSESSOR, name="Bo Bedömare"))
    assert answer.status_code == 200, answer.text


@pytest.fixture
def web(database_url: str, services: tuple[TestClient, TestClient]) -> Iterator[TestClient]:
    assessment, decision = services
    apps = {"assessment.test": assessment.app, "decision.test": decision.app}
    with web_client(database_url, apps=apps) as client:  # type: ignore[arg-type]
        yield client


def test_the_assessed_cost_is_the_headline_and_the_assessment_is_public(
    web: TestClient, services: tuple[TestClient, TestClient]
) -> None:
    sign_in_as(web, Role.RESIDENT, PERSONNUMMER)
    created = web.post(FORM, data=_form(csrf_token=csrf(web, FORM)))  # estimate 40 000 kr
    path = created.headers["location"].split("?")[0]
    assert path.endswith("/1")
    before = web.get(path).text
    assert "<dt>Uppskattad kostnad</dt><dd>40\u00a0000\u00a0kr</dd>" in before
    assert "Kommunens bedömning" not in before

    criteria = [
        {"criterion_id": "lokalt-naringsliv", "verdict": "met", "comment": ""},
        {"criterion_id": "kommunal-mark", "verdict": "met", "comment": CRITERION_COMMENT},
    ]
    _assess(services[0], 1, feasible(cost=65_000, criteria=criteria))
    page = web.get(path).text
    facts = page[page.index('<dl class="facts">') : page.index("</dl>")]
    headline = "<dt>Kostnad enligt kommunens bedömning</dt><dd>65\u00a0000\u00a0kr</dd>"
    estimate = "<dt>Förslagsställarens uppskattning</dt><dd>40\u00a0000\u00a0kr</dd>"
    assert headline in facts and estimate in facts
    assert facts.index(headline) < facts.index(estimate)
    assert "Uppskattad kostnad" not in facts
    section = page[page.index('id="assessment-title"') :]
    assert "Förslaget går att genomföra." in section and "Uppfyller kriterierna." in section
    assert "Uppfyllt:</strong> Förslaget genomförs på kommunens mark." in section
    assert CRITERION_COMMENT in section
    assert "Bedömt av Bo Bedömare" in section


def test_the_ballot_approval_warns_when_everything_fits_and_says_who_approved(
    web: TestClient, services: tuple[TestClient, TestClient]
) -> None:
    assessment, decision = services
    sign_in_as(web, Role.OFFICIAL, "official-1")
    page = f"/omgangar/{ROUND_ID}/rostsedel"
    _assess(assessment, 1, feasible(cost=60_000))
    _assess(assessment, 2, rejected())
    fits = web.get(page).text  # 60 000 of 100 000: the vote would decide nothing
    assert "Alla genomförbara förslag ryms i budgeten." in fits
    assert "<dd>60,0\u00a0%</dd>" in fits and "Godkänd av" not in fits

    _assess(assessment, 2, feasible(cost=50_000))
    choice = web.get(page).text  # 110 000 of 100 000: the vote chooses
    assert "ryms i budgeten" not in choice and "<dd>110,0\u00a0%</dd>" in choice

    approved_at = datetime(2027, 4, 20, 10, 5, tzinfo=UTC)
    record = {"approved_by": "Anna Berg", "comment": "", "approved_at": approved_at.isoformat()}
    system = _headers(Role.SYSTEM, subject="worker")
    stored = decision.put(f"/rounds/{ROUND_ID}/ballot-approval", json=record, headers=system)
    assert stored.status_code == 200, stored.text
    after = web.get(page).text
    assert "Röstsedeln är godkänd" in after
    assert "Godkänd av Anna Berg 20 april 2027 kl. 12.05." in after  # Swedish summer time
    assert '<button type="submit">Godkänn röstsedeln</button>' not in after


def test_the_councils_meeting_date_cannot_be_in_the_future(
    database_url: str, tmp_path: Path
) -> None:
    published = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    recommendation = TALLY | {"round_id": ROUND_ID, "published_at": published}
    decision = decision_service(tmp_path, ROUND_ID, recommendation=recommendation)
    page = f"/omgangar/{ROUND_ID}/beslut"
    with web_client(database_url, apps={"decision.test": decision.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.COUNCIL_SECRETARY, "sekreterare-1")
        form = client.get(page).text
        today = datetime.now(STOCKHOLM).date()
        assert f'max="{today.isoformat()}"' in form and 'type="date"' in form
        tomorrow = (today + timedelta(days=1)).isoformat()
        body = {
            "csrf_token": csrf(client, page),
            "approved_project_ids": ["2", "4", "3"],
            "diarienummer": "KS 2027/123",
            "paragraph": "§ 45",
            "meeting_date": tomorrow,
        }
        refused = client.post(page, data=body)
        assert refused.status_code == 422
        assert 'id="e-meeting_date"' in refused.text
        assert "Sammanträdet kan inte ligga i framtiden" in refused.text
        assert decision.get(f"/rounds/{ROUND_ID}").json().get("council_decision") is None
        client.cookies.set("mb_lang", "en")
        english = client.post(page, data=body).text
        assert "The meeting cannot be in the future" in english


def test_a_refused_follow_up_is_answered_in_english(database_url: str, tmp_path: Path) -> None:
    project = {"approved_cost": 40_000, "status": "in_progress"}
    decision = decision_service(tmp_path, ROUND_ID, **{"projects/1": project})
    page = f"/omgangar/{ROUND_ID}/uppfoljning/projekt/1"
    with web_client(database_url, apps={"decision.test": decision.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.OFFICIAL, "official-1")
        client.cookies.set("mb_lang", "en")
        token = csrf(client, page)
        twice = {"ms_owner": "Anna Berg", "ms_title_2": "Bygglov", "ms_date_2": "2027-06-01"}
        form = {"csrf_token": token, "ms_title_1": "Bygglov", "ms_date_1": "2027-05-01"} | twice
        refused = client.post(f"{page}/delmal", data=form)
        assert refused.status_code == 422
        assert "two milestones have the same name" in refused.text  # the decision service's
        assert "samma namn" not in refused.text
        done = {"csrf_token": token, "done_summary": "Klart.", "done_spent": "fyrtio"}
        wrong = client.post(f"{page}/klart", data=done)
        assert "Enter the amount as a whole number, in digits" in wrong.text  # the web's own
        assert "Spent in total, SEK" in wrong.text
        assert decision.get(f"/rounds/{ROUND_ID}/projects/1").json()["milestones"] == []
