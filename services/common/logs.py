"""Structured (JSON) logs that carry the round id, for every process of the system.

A log line from a request about ``/rounds/are-2027/...`` carries ``round_id: are-2027``, so an
operator can follow one round across the services and the worker.
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


class RoundContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "round_id"):
            record.round_id = current_round.get()
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
