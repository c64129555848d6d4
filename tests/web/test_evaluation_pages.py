"""The evaluator's report uploaded through the follow-up page reaches the real decision
service (in-process) as the file it was; a refused file is said beside the file field."""

from pathlib import Path

from services.common.auth import Role
from tests.services.decision.conftest import OPENING, ROUND
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client

PAGE = f"/omgangar/{ROUND}/uppfoljning"
PDF = b"%PDF-1.7\n" + b"x" * 2000


def test_the_evaluators_report_is_uploaded_through_the_page(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND, evaluation=OPENING)
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.OFFICIAL, "official-1")
        token = csrf(client, PAGE)
        files = {"report": ("../../rapport.pdf", PDF, "application/pdf")}
        answer = client.post(f"{PAGE}/rapport", data={"csrf_token": token}, files=files)
        assert answer.status_code == 303, answer.text
        stored = service.get(f"/rounds/{ROUND}/evaluation/evaluator-report")
        assert stored.status_code == 200 and stored.content == PDF
        page = client.get(answer.headers["location"]).text
        assert "Utvärderarens rapport är uppladdad." in page and "rapport.pdf" in page

        fake = {"report": ("rapport.pdf", b"not a pdf at all", "application/pdf")}
        refused = client.post(f"{PAGE}/rapport", data={"csrf_token": token}, files=fake)
        assert refused.status_code == 422
        assert 'id="e-report"' in refused.text and 'href="#f-report"' in refused.text
        empty = client.post(f"{PAGE}/rapport", data={"csrf_token": token})
        assert empty.status_code == 422 and "Välj filen" in empty.text


def test_the_kommuns_rounds_side_by_side_are_linked_and_served(
    database_url: str, tmp_path: Path
) -> None:
    service = decision_service(tmp_path, ROUND, evaluation=OPENING)
    with web_client(database_url, apps={"decision.test": service.app}) as client:  # type: ignore[dict-item]
        sign_in_as(client, Role.OFFICIAL, "official-1")
        assert f'href="/omgangar/{ROUND}/ar-for-ar"' in client.get(PAGE).text
        page = client.get(f"/omgangar/{ROUND}/ar-for-ar")
        assert page.status_code == 200
        assert "år för år" in page.text and "<table>" in page.text and "<svg" in page.text
