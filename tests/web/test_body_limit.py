"""The web front takes no form larger than its limit (issue 18 finding 5): 413 with the error
page, before the body is read whole; the evaluator's report upload has a limit of its own."""

from collections.abc import Iterator
from pathlib import Path

from services.common.auth import Role
from tests.services.decision.conftest import OPENING, ROUND
from tests.services.intake.helpers import ROUND_ID
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client

FORM = f"/omgangar/{ROUND_ID}/forslag/nytt"


def test_a_form_over_the_limit_is_refused_with_the_error_page(database_url: str) -> None:
    with web_client(database_url, max_body_bytes=64 * 1024) as client:
        sign_in_as(client, Role.RESIDENT, "198503142385")
        token = csrf(client, FORM)
        # Announced too large: refused unread (Starlette's own short answer).
        answer = client.post(FORM, data={"csrf_token": token, "title": "x" * 100_000})
        assert answer.status_code == 413, answer.text[:300]
        # Sent in chunks: refused as it grows past the limit, with the error page.
        body = f"csrf_token={token}&title=".encode() + b"x" * 100_000

        def chunks() -> Iterator[bytes]:
            for start in range(0, len(body), 8192):
                yield body[start : start + 8192]

        headers = {"content-type": "application/x-www-form-urlencoded"}
        chunked = client.post(FORM, content=chunks(), headers=headers)
        assert chunked.status_code == 413, chunked.text[:300]
        assert "för stort" in chunked.text
        within = client.post(FORM, data={"csrf_token": token, "title": "x" * 1_000})
        assert within.status_code != 413


def test_the_evaluators_report_may_be_larger_than_a_form(database_url: str, tmp_path: Path) -> None:
    service = decision_service(tmp_path, ROUND, evaluation=OPENING)
    apps = {"decision.test": service.app}
    with web_client(database_url, apps=apps, max_body_bytes=64 * 1024) as client:  # type: ignore[arg-type]
        sign_in_as(client, Role.OFFICIAL, "official-1")
        page = f"/omgangar/{ROUND}/uppfoljning"
        token = csrf(client, page)
        report = b"%PDF-1.7\n" + b"x" * 200_000
        files = {"report": ("rapport.pdf", report, "application/pdf")}
        answer = client.post(f"{page}/rapport", data={"csrf_token": token}, files=files)
        assert answer.status_code == 303, answer.text[:300]
        stored = service.get(f"/rounds/{ROUND}/evaluation/evaluator-report")
        assert stored.content == report
