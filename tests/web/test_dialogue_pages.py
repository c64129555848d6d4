"""The dialogue on the pages (issue 23): the mandate on the round's page."""

from pathlib import Path

from tests.services.decision.test_mandate import RECORD
from tests.services.intake.helpers import ROUND_ID
from tests.web.in_process import decision_service, web_client


def test_the_round_page_shows_the_decision_that_set_the_round_up(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND_ID, mandate=RECORD)
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        page = client.get(f"/omgangar/{ROUND_ID}").text
    with web_client(database_url) as client:
        without = client.get(f"/omgangar/{ROUND_ID}").text

    assert '<h2 id="mandate-heading">Beslutet om omgången</h2>' in page
    assert "<dd>kommunfullmäktige</dd>" in page and "<dd>KS 2026/412</dd>" in page
    assert "<dd>§ 87</dd>" in page
    assert "<li>Projektet ska gynna det lokala näringslivet</li>" in page
    assert "Beslutet om omgången är inte registrerat än." in without
