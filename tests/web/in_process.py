"""The web front against the real intake service in-process (ASGI, a real database), for the
fast page tests; the browser test runs the whole stack as processes."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from services.decision.main import create_app as create_decision
from services.decision.settings import DecisionSettings
from services.intake.main import create_app as create_intake
from services.intake.settings import IntakeSettings
from services.web.main import create_app
from services.web.session import SESSION_COOKIE
from services.web.settings import WebSettings
from tests.conftest import KOMMUN
from tests.services.intake.helpers import ROUND_ID, round_body

INTAKE = "http://intake.test"


class RoutingTransport(httpx.AsyncBaseTransport):
    """Sends each service's requests to its ASGI app; a service that is not there answers 503
    the way a stopped process would."""

    def __init__(self, apps: dict[str, FastAPI]) -> None:
        self.transports = {host: httpx.ASGITransport(app=app) for host, app in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.transports.get(request.url.host)
        if transport is None:
            raise httpx.ConnectError("no such service", request=request)
        return await transport.handle_async_request(request)


@contextmanager
def web_client(
    database_url: str,
    *,
    base_url: str = "http://testserver",
    apps: dict[str, FastAPI] | None = None,
    round_changes: dict[str, Any] | None = None,
    **changes: Any,
) -> Iterator[TestClient]:
    """The web front with an open round in a real intake service; Temporal is not running (the
    round's phase shows as unknown) unless ``temporal_address`` says where it is."""
    intake = create_intake(IntakeSettings(database_url=database_url))
    system = {"Authorization": f"Bearer {issue_token(PlatformSettings(), 'wf', [Role.SYSTEM])}"}
    # Intake's lifespan lasts as long as the web front uses it: its end disposes the engine,
    # after the last request, so no pooled connection outlives the test.
    with TestClient(intake) as service:
        body = round_body(**(round_changes or {}))
        answer = service.put(f"/rounds/{ROUND_ID}", json=body, headers=system)
        assert answer.status_code == 200, answer.text
        yield from _web_front(intake, base_url, apps, changes)


def _web_front(
    intake: FastAPI, base_url: str, apps: dict[str, FastAPI] | None, changes: dict[str, Any]
) -> Iterator[TestClient]:
    defaults: dict[str, Any] = {
        "intake_url": INTAKE,
        "assessment_url": "http://assessment.test",
        "voting_url": "http://voting.test",
        "decision_url": "http://decision.test",
        "temporal_address": "127.0.0.1:1",  # refused at once: the phase is "unknown"
        "log_format": "plain",
    }
    settings = WebSettings(**(defaults | changes))
    routes = {"intake.test": intake, **(apps or {})}
    app = create_app(settings, transport=RoutingTransport(routes))
    with TestClient(app, base_url=base_url, follow_redirects=False) as client:
        yield client


def decision_service(tmp_path: Path, round_id: str, **records: dict[str, Any]) -> TestClient:
    """The decision service in-process on its own SQLite file, with the round registered and
    ``records`` stored as the workflow would (``evaluation=...`` is PUT at ``/evaluation``)."""
    decision = create_decision(DecisionSettings(database_url=f"sqlite:///{tmp_path}/d.db"))
    token = issue_token(PlatformSettings(), "worker", [Role.SYSTEM], name="arbetsflöde")
    system = {"Authorization": f"Bearer {token}"}
    service = TestClient(decision)
    body = {"title": "Medborgarbudget 2027", "kommun": "Åre", "budget": 100_000}
    assert service.put(f"/rounds/{round_id}", json=body, headers=system).status_code == 200
    for path, record in records.items():
        stored = service.put(f"/rounds/{round_id}/{path}", json=record, headers=system)
        assert stored.status_code == 200, stored.text
    return service


def sign_in_as(client: TestClient, role: Role, subject: str, **claims: Any) -> None:
    """What the sign-in leaves behind: the identity provider's token in the session cookie
    (staff act for the test rounds' kommun unless ``kommun`` says otherwise)."""
    claims = {"kommun": KOMMUN, **claims}
    token = issue_token(PlatformSettings(), subject, [role], name="Kim Andersson", claims=claims)
    client.cookies.set(SESSION_COOKIE, token)


def csrf(client: TestClient, path: str) -> str:
    """The CSRF token a page puts in its forms (and its cookie)."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    text: str = page.text
    marker = 'name="csrf_token" value="'
    start = text.index(marker) + len(marker)
    return text[start : text.index('"', start)]
