"""Structured (JSON) logs that carry the round id, for every process of the system.

A log line from a request about ``/rounds/are-2027/...`` carries ``round_id: are-2027``, so an
operator can follow one round across the services and the worker. In the worker the round id
comes from the Temporal workflow id: the SDK's workflow and activity loggers attach it, and the
worker sets :data:`current_round` while an activity runs.
"""

import logging
import re
import sys
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Receive, Scope, Send

current_round: ContextVar[str | None] = ContextVar("current_round", default=None)
_ROUND_IN_PATH = re.compile(r"^/rounds/([^/]+)")
_MARK = "_medborgarbudget_handler"


def round_of_workflow(workflow_id: str) -> str:
    """A round's workflow id is the round id; its projects' are ``<round id>.project-<id>``
    (round ids never hold a dot)."""
    return workflow_id.split(".", 1)[0]


def _round_from_temporal(record: logging.LogRecord) -> str | None:
    for key in ("temporal_workflow", "temporal_activity"):
        details = getattr(record, key, None)
        if isinstance(details, dict) and details.get("workflow_id"):
            return round_of_workflow(str(details["workflow_id"]))
    return None


class RoundContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "round_id", None) is None:
            record.round_id = current_round.get() or _round_from_temporal(record)
        return True


def configure_logging(
    component: str, *, json_format: bool = True, level: int = logging.INFO
) -> None:
    """Install one handler on the root logger (idempotent: a second call changes nothing)."""
    root = logging.getLogger()
    if any(getattr(handler, _MARK, False) for handler in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    setattr(handler, _MARK, True)
    handler.addFilter(RoundContextFilter())
    if json_format:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(round_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                static_fields={"component": component},
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)


class RoundContextMiddleware:
    """Sets :data:`current_round` from the request path for the request's log lines."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _ROUND_IN_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        token = current_round.set(match.group(1) if match else None)
        try:
            await self.app(scope, receive, send)
        finally:
            current_round.reset(token)
