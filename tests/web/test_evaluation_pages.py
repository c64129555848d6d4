"""The evaluator's report uploaded through the follow-up page reaches the real decision
service (in-process) as the file it was; a refused file is said beside the file field."""

from pathlib import Path

from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from services.decision.main import create_app as create_decision
from services.decision.settings import DecisionSettings
from tests.services.decision.conftest import OPENING, ROUND
from tests.web.in_process import csrf, sign_in_as, web_client

PAGE = f"/omgangar/{ROUND}/uppfoljning"
PDF = b"%PDF-1.7\n" + b"x" * 2000


def _evaluating(tmp_path: Path) -> TestClient:
    decision = create_decision(DecisionSettings(database_url=f"sqlite:///{tmp_path}/d.db"))
    token = issue_token(PlatformSettings(), "worker", [Role.SYSTEM], name="arbetsflöde")
    system = {"Authorization": f"Bearer {token}"}
    service = TestClient(decision)
    body = {"title": "Medborgarbudget 2027", "kommun": "Åre", "budget": 100_000}
    assert service.put(f"/rounds/{ROUND}", json=body, headers=system).status_code == 200
    opened = service.put(f"/rounds/{ROUND}/evaluation", json=OPENING, headers=system)
    assert opened.status_code == 200, opened.text
    return service


def test_the_evaluators_report_is_uploaded_through_the_page(
    database_url: str, tmp_path: Path
) -> None:
    service = _evaluating(tmp_path)
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
