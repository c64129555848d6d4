"""One body limit for every service: 413 problem+json before a body is read whole, whether it
announces its length or streams in chunks; a route may set a lower limit (a ballot: 64 KiB)."""

import json
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.intake.main import create_app as intake_app
from services.intake.settings import IntakeSettings
from tests.conftest import TokenFactory
from tests.services.helpers import PROBLEM_JSON, assert_problem
from tests.services.voting.conftest import ROUND
from tests.trust.apps import SERVICES, headers_for, service_app

LIMIT = 1024 * 1024  # MB_MAX_BODY_BYTES' default
BALLOT_LIMIT = 64 * 1024
CHUNK = 16 * 1024


@pytest.fixture(params=SERVICES)
def app(request: pytest.FixtureRequest, database_url: str) -> Iterator[FastAPI]:
    app = service_app(request.param, database_url)
    yield app
    app.state.engine.dispose()


class EndlessPost:
    """One request straight to the app (ASGI), with a body that never ends unless refused:
    how many of its chunks the app read tells how much it took in."""

    def __init__(self, path: str, headers: dict[str, str]) -> None:
        self.path = path
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        self.chunks_read = 0
        self.sent: list[dict[str, Any]] = []

    async def send_to(self, app: FastAPI) -> tuple[int, dict[str, Any]]:
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "POST", "scheme": "http", "path": self.path,
            "raw_path": self.path.encode(), "query_string": b"", "root_path": "",
            "headers": [(b"host", b"test"), *self.headers],
            "client": ("127.0.0.1", 50000), "server": ("test", 80),
        }  # fmt: skip
        await app(scope, self._receive, self._send)
        start = next(m for m in self.sent if m["type"] == "http.response.start")
        headers = dict(start["headers"])
        assert headers[b"content-type"] == PROBLEM_JSON.encode()
        body = b"".join(m.get("body", b"") for m in self.sent if m["type"] == "http.response.body")
        return start["status"], json.loads(body)

    async def _receive(self) -> dict[str, Any]:
        self.chunks_read += 1
        return {"type": "http.request", "body": b" " * CHUNK, "more_body": True}

    async def _send(self, message: MutableMapping[str, Any]) -> None:
        self.sent.append(dict(message))


def _refused(status: int, problem: dict[str, Any]) -> bool:
    return status == 413 and problem["type"].endswith("/request-too-large")


async def test_a_too_long_announced_body_is_refused_unread(app: FastAPI) -> None:
    """The issue's case: a 20 MB proposal. Every service refuses it before reading a byte."""
    length = str(20 * 1024 * 1024)
    request = EndlessPost(f"/rounds/{ROUND}/proposals", {"content-length": length})
    status, problem = await request.send_to(app)
    assert _refused(status, problem), problem
    assert request.chunks_read == 0
    assert str(LIMIT) in problem["detail"]


async def test_a_streamed_body_is_refused_once_it_passes_the_limit(app: FastAPI) -> None:
    """No length announced (chunked): read as far as the limit, then refused, by every route."""
    auth = headers_for("system") | {"content-type": "application/json"}
    request = EndlessPost(f"/rounds/{ROUND}/archive", auth)
    status, problem = await request.send_to(app)
    assert _refused(status, problem), problem
    assert request.chunks_read == LIMIT // CHUNK + 1


async def test_an_idempotent_write_is_measured_before_its_key_is_stored(app: FastAPI) -> None:
    """The idempotency middleware reads a keyed body first: the limit holds there too, and the
    key is not spent on the refused request."""
    headers = headers_for("system") | {"idempotency-key": "k-1"}
    request = EndlessPost(f"/rounds/{ROUND}/archive", headers)
    status, problem = await request.send_to(app)
    assert _refused(status, problem), problem
    assert request.chunks_read == LIMIT // CHUNK + 1
    with TestClient(app) as client:
        archive = {"reason": "Anslaget drogs in.", "archived_by": "Olof"}
        first = client.post(f"/rounds/{ROUND}/archive", json=archive, headers=headers)
        assert first.status_code == 200, first.text
        assert "idempotent-replayed" not in first.headers


@pytest.fixture
def voting(database_url: str) -> Iterator[TestClient]:
    with TestClient(service_app("voting", database_url)) as client:
        yield client


async def test_a_ballot_has_a_lower_limit_of_its_own(database_url: str) -> None:
    app = service_app("voting", database_url)
    try:
        headers = headers_for("resident") | {"content-type": "application/json"}
        request = EndlessPost(f"/rounds/{ROUND}/ballots", headers)
        status, problem = await request.send_to(app)
        assert _refused(status, problem), problem
        assert request.chunks_read == BALLOT_LIMIT // CHUNK + 1
    finally:
        app.state.engine.dispose()


def test_an_oversized_cast_stores_nothing_and_other_routes_keep_the_service_limit(
    voting: TestClient, auth: TokenFactory
) -> None:
    padding = " " * BALLOT_LIMIT
    body = f'{{"choices": [1],{padding}"points": null}}'.encode()
    headers = {**auth(Role.RESIDENT), "content-type": "application/json"}
    cast = voting.post(f"/rounds/{ROUND}/ballots", content=body, headers=headers)
    assert_problem(cast, 413, "request-too-large")
    official = {**auth(Role.OFFICIAL), "content-type": "application/json"}
    paper = voting.post(f"/rounds/{ROUND}/paper-ballots", content=body, headers=official)
    assert paper.status_code != 413, paper.text  # the same body under 1 MiB: judged on content
    engine = voting.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM ballot").scalar() == 0


def test_the_service_limit_is_a_setting(database_url: str, auth: TokenFactory) -> None:
    settings = IntakeSettings(database_url=database_url, max_body_bytes=2048)
    with TestClient(intake_app(settings)) as client:
        answer = client.post(
            f"/rounds/{ROUND}/proposals",
            content=b" " * 4096,
            headers={**auth(Role.RESIDENT), "content-type": "application/json"},
        )
    assert "2048" in assert_problem(answer, 413, "request-too-large")["detail"]


def test_the_evaluators_report_keeps_its_own_larger_limit(
    database_url: str, auth: TokenFactory
) -> None:
    """A 2 MB report is over the service limit but within MB_EVALUATOR_REPORT_MAX_BYTES: the
    route judges it (here: a round that does not exist), not the body limit."""
    with TestClient(service_app("decision", database_url)) as client:
        answer = client.put(
            f"/rounds/{ROUND}/evaluation/evaluator-report?filename=r.pdf",
            content=b"%PDF-" + b"x" * (2 * LIMIT),
            headers={**auth(Role.OFFICIAL), "content-type": "application/pdf"},
        )
    assert answer.status_code != 413, answer.text
