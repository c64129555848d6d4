"""The evaluation: opened and closed by the workflow, conclusions from an official, the
evaluator's report uploaded as a file within type and size limits."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.decision.conftest import OPENING, ROUND
from tests.services.helpers import RecordingSignaler, assert_problem

URL = f"/rounds/{ROUND}/evaluation"
FILE_URL = f"{URL}/evaluator-report"
PDF = b"%PDF-1.7\n" + b"x" * 2000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SUBMITTED = {
    **OPENING,
    "status": "submitted",
    "summary": "Fler lokala företag fick uppdrag.",
    "submitted_by": "Eva Ek",
    "closed_at": "2028-04-01T09:00:00+02:00",
}


def upload(
    client: TestClient,
    auth: TokenFactory,
    content: bytes,
    content_type: str,
    name: str = "rapport.pdf",
) -> Any:
    headers = {**auth(Role.OFFICIAL, name="Eva Ek"), "Content-Type": content_type}
    return client.put(FILE_URL, params={"filename": name}, content=content, headers=headers)


def test_opened_evaluation_is_shown_with_its_figures(client: TestClient, evaluating: str) -> None:
    shown = client.get(f"/rounds/{ROUND}").json()["evaluation"]
    assert (shown["status"], shown["summary"], shown["closed_at"]) == ("open", "", None)
    assert shown["participation"]["by_area"]["proposals"] == {"Centrum": 9, "Duved": 3}
    assert shown["participation"]["by_age_band"] == {"proposals": None, "voters": None}
    assert shown["evaluator_report"] is None


@pytest.mark.parametrize(
    "change",
    [
        {"status": "submitted", "closed_at": "2028-04-01T09:00:00Z"},
        {"status": "expired"},
        {"closed_at": "2028-04-01T09:00:00Z"},
        {"status": "late"},
        {"deadline": "2028-06-01T09:00:00"},
    ],
)
def test_inconsistent_evaluation_records_are_422(
    client: TestClient, system: dict[str, str], registered: str, change: dict[str, Any]
) -> None:
    answer = client.put(URL, json={**OPENING, **change}, headers=system)
    assert_problem(answer, 422, "validation")


def test_conclusions_are_signalled_only_while_the_evaluation_is_open(
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    signals: RecordingSignaler,
    registered: str,
) -> None:
    body = {"summary": "Bra omgång."}
    early = client.post(URL, json=body, headers=auth(Role.OFFICIAL))
    assert_problem(early, 409, "evaluation-not-open")
    client.put(URL, json=OPENING, headers=system)
    assert client.post(URL, json=body, headers=auth(Role.OFFICIAL)).status_code == 202
    client.put(URL, json=SUBMITTED, headers=system)
    late = client.post(URL, json=body, headers=auth(Role.OFFICIAL))
    assert_problem(late, 409, "evaluation-not-open")
    assert len(signals.sent) == 1


@pytest.mark.parametrize(
    ("content", "content_type", "name"),
    [
        (PDF, "application/pdf", "Utvärdering Åre 2027.pdf"),
        (b"PK\x03\x04rest", DOCX, "r.docx"),
        ("Slutsatser: bättre än väntat.".encode(), "text/plain; charset=utf-8", "r.txt"),
    ],
)
def test_evaluator_report_is_uploaded_and_downloaded(
    client: TestClient,
    auth: TokenFactory,
    evaluating: str,
    content: bytes,
    content_type: str,
    name: str,
) -> None:
    answer = upload(client, auth, content, content_type, name)
    assert answer.status_code == 200, answer.text
    info = answer.json()
    assert (info["filename"], info["size"], info["uploaded_by"]) == (name, len(content), "Eva Ek")
    assert client.get(f"/rounds/{ROUND}").json()["evaluation"]["evaluator_report"] == info
    downloaded = client.get(FILE_URL)
    assert downloaded.content == content
    assert downloaded.headers["content-type"].startswith(content_type.split(";")[0])
    assert "attachment; filename*=UTF-8''" in downloaded.headers["content-disposition"]


def test_a_new_upload_replaces_the_old(
    client: TestClient, auth: TokenFactory, evaluating: str
) -> None:
    upload(client, auth, PDF, "application/pdf")
    upload(client, auth, b"Version 2", "text/plain", "v2.txt")
    assert client.get(FILE_URL).content == b"Version 2"


@pytest.mark.parametrize(
    ("content", "content_type", "name", "status", "code"),
    [
        (PDF, "image/png", "r.png", 415, "unsupported-file-type"),
        (b"<html>", "application/pdf", "r.pdf", 422, "file-type-mismatch"),
        (b"\xff\xfe\x00", "text/plain", "r.txt", 422, "file-type-mismatch"),
        (b"", "application/pdf", "r.pdf", 422, "empty-file"),
        (PDF, "application/pdf", "../etc/passwd", 422, "validation"),
        (b"%PDF-" + b"x" * 5000, "application/pdf", "r.pdf", 413, "file-too-large"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    client: TestClient,
    auth: TokenFactory,
    evaluating: str,
    content: bytes,
    content_type: str,
    name: str,
    status: int,
    code: str,
) -> None:
    client.app.state.settings.evaluator_report_max_bytes = 4096  # type: ignore[attr-defined]
    assert_problem(upload(client, auth, content, content_type, name), status, code)
    assert_problem(client.get(FILE_URL), 404, "no-evaluator-report")


def test_uploads_need_an_official_and_an_evaluation_not_closed(
    client: TestClient, auth: TokenFactory, system: dict[str, str], evaluating: str
) -> None:
    headers = {**auth(Role.RESIDENT), "Content-Type": "application/pdf"}
    resident = client.put(FILE_URL, params={"filename": "r.pdf"}, content=PDF, headers=headers)
    assert_problem(resident, 403, "forbidden")
    client.put(URL, json=SUBMITTED, headers=system)
    assert_problem(upload(client, auth, PDF, "application/pdf"), 409, "evaluation-closed")
