import logging

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from services.common.app import create_service_app
from services.common.auth import Role
from services.common.logs import RoundContextFilter, RoundContextMiddleware, current_round
from services.common.settings import ServiceSettings
from tests.conftest import TokenFactory
from tests.services.common.app_fixture import Note, ProbeModel, router


def _count_notes(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Note)).one()


def _app(database_url: str) -> FastAPI:
    return create_service_app(
        name="probe",
        title="Probe",
        settings=ServiceSettings(database_url=database_url),
        metadata=ProbeModel.metadata,
        routers=[router],
        gauges=[
            (
                "mb_notes",
                "Antal anteckningar",
                lambda s: s.exec(select(func.count()).select_from(Note)).one(),
            )
        ],
    )


def _sample(text: str, prefix: str) -> float:
    lines = [line for line in text.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, (prefix, lines)
    return float(lines[0].rsplit(" ", 1)[1])


def test_metrics_count_requests_by_route_template_and_read_domain_gauges(
    database_url: str, auth: TokenFactory
) -> None:
    with TestClient(_app(database_url), raise_server_exceptions=False) as client:
        for text in ("a", "b"):
            client.post("/notes", json={"text": text}, headers=auth(Role.SYSTEM))
        client.post("/notes", json={"text": ""}, headers=auth(Role.SYSTEM))
        client.post("/boom", headers=auth(Role.SYSTEM))
        body = client.get("/metrics").text
    labels = 'method="POST",route="/notes",service="probe"'
    assert _sample(body, f'mb_http_requests_total{{{labels},status="201"}}') == 2
    assert _sample(body, f'mb_http_requests_total{{{labels},status="422"}}') == 1
    assert (
        _sample(
            body, 'mb_http_requests_total{method="POST",route="/boom",service="probe",status="500"}'
        )
        == 1
    )
    assert _sample(body, f"mb_http_request_duration_seconds_count{{{labels}}}") == 3
    assert _sample(body, 'mb_notes{service="probe"}') == 2


async def test_round_id_from_the_path_reaches_log_records() -> None:
    seen: list[str | None] = []

    async def app(scope, receive, send):
        seen.append(current_round.get())

    middleware = RoundContextMiddleware(app)
    for path in ("/rounds/are-2027/ballots", "/health"):
        await middleware({"type": "http", "path": path}, None, None)  # type: ignore[arg-type]
    assert seen == ["are-2027", None]
    assert current_round.get() is None


def test_log_records_carry_the_round_id() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hej", None, None)
    token = current_round.set("are-2027")
    try:
        RoundContextFilter().filter(record)
    finally:
        current_round.reset(token)
    assert record.round_id == "are-2027"  # type: ignore[attr-defined]
