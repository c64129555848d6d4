"""Assertions and stand-ins shared by the service tests."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from fastapi import FastAPI

PROBLEM_JSON = "application/problem+json"


def assert_problem(answer: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The answer is an ``application/problem+json`` error with ``status`` (and ``code``)."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = answer.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    if code is not None:
        assert body["type"].endswith(f"/{code}")
    return body


class RecordingSignaler:
    """Stands in for the Temporal client at the service boundary: remembers every signal."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []

    async def signal(self, workflow_id: str, signal: str, payload: Any | None = None) -> None:
        self.sent.append((workflow_id, signal, payload))

    async def update(self, workflow_id: str, update: str, payload: Any) -> Any:
        """Records the update like a signal and answers with what the round would record."""
        self.sent.append((workflow_id, update, payload))
        return {"round_id": workflow_id, "recorded_by": payload.get("recorded_by")}


def stockholm_today() -> str:
    """Today's date where the council meets: a meeting date the decision service accepts."""
    return datetime.now(ZoneInfo("Europe/Stockholm")).date().isoformat()


def close_app(app: FastAPI) -> None:
    """What the lifespan would end, for an app used without it: voting's writer thread lets
    its connection go, then the engine closes its pool."""
    ballot_box = getattr(app.state, "ballot_box", None)
    if ballot_box is not None:
        ballot_box.writer.close()
    app.state.engine.dispose()
