"""The officials' approval pages show the signed-in official's token ready to paste into a
signal sent from the Temporal UI or CLI, where a typed name no longer counts."""

from pathlib import Path

from services.assessment.main import create_app as create_assessment
from services.assessment.settings import AssessmentSettings
from services.common.auth import Role
from services.web.session import SESSION_COOKIE
from tests.services.decision.conftest import ROUND, TALLY
from tests.web.in_process import decision_service, sign_in_as, web_client

BLOCK = "Din inloggning att klistra in"


def test_the_secretary_sees_the_own_token_to_paste_on_the_decision_page(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND, recommendation=TALLY)
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.COUNCIL_SECRETARY, "secretary-1", kommun="Åre")
        token = client.cookies[SESSION_COOKIE]
        page = client.get(f"/omgangar/{ROUND}/beslut")
        assert page.status_code == 200, page.text
        assert BLOCK in page.text and token in page.text
        assert "record_council_decision" in page.text

        sign_in_as(client, Role.OFFICIAL, "official-1", kommun="Åre")
        official_page = client.get(f"/omgangar/{ROUND}/beslut")
        assert official_page.status_code == 200
        assert BLOCK not in official_page.text


def test_an_official_sees_the_own_token_on_the_ballot_page(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND, recommendation=TALLY)
    # No round in assessment yet: the page says so, and still shows the block.
    assessment = create_assessment(AssessmentSettings(database_url=f"sqlite:///{tmp_path}/a.db"))
    apps = {"decision.test": service.app, "assessment.test": assessment}
    with web_client(database_url, apps=apps) as client:  # type: ignore[arg-type]
        sign_in_as(client, Role.OFFICIAL, "official-1", kommun="Åre")
        token = client.cookies[SESSION_COOKIE]
        page = client.get(f"/omgangar/{ROUND}/rostsedel")
        assert page.status_code == 200, page.text
        assert BLOCK in page.text and token in page.text and "approve_ballot" in page.text
