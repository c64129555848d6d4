"""Refuse what no route can serve before anything reads it: control characters in the path or
query, and a round id off its pattern.

A NUL in a path id (``/rounds/r1%00/proposals``) reached PostgreSQL, which cannot store it,
and came back as a 500; the archive guard looked a round up before any route checked its id.
This outermost check gives every route and middleware of a service the same 422 for such
addresses, with no database query before it, including routes that take the id as plain text.
"""

import re
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.errors import Problem, problem_response
from services.common.strict import has_control_characters
from services.common.types import ROUND_ID_PATTERN
from services.common.validation import invalid_fields

# The methods that write; the idempotency middleware and the archive guard act on these only.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ROUND_PATH = re.compile(r"^/rounds/([^/]*)")
_ROUND_ID = re.compile(ROUND_ID_PATTERN)


class PlainRequestMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        problem = _refusal(scope) if scope["type"] == "http" else None
        if problem is not None:
            await problem_response(problem)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def round_in_path(path: str) -> str | None:
    """The round a path under ``/rounds/{id}`` names, if its id has the round pattern."""
    found = _ROUND_PATH.match(path)
    return found.group(1) if found is not None and _ROUND_ID.fullmatch(found.group(1)) else None


def address_fault(path: str, query_string: bytes, ids_under: re.Pattern[str]) -> str | None:
    """What makes an address one no route can serve: ``"control-character"`` in its path or
    query, ``"round-id"`` off the pattern where ``ids_under`` captures a round id; else None."""
    query = unquote_to_bytes(query_string).decode("utf-8", "replace")
    if has_control_characters(path) or has_control_characters(query):
        return "control-character"
    found = ids_under.match(path)
    if found is not None and not _ROUND_ID.fullmatch(found.group(1)):
        return "round-id"
    return None


def _refusal(scope: Scope) -> Problem | None:
    fault = address_fault(scope["path"], scope.get("query_string", b""), _ROUND_PATH)
    if fault == "control-character":
        return Problem(
            422,
            "Adressen innehåller otillåtna tecken (styrtecken som NUL).",
            code="control-character",
        )
    if fault == "round-id":
        return invalid_fields(
            {"round_id": "Omgångens id har fel form: 3-64 tecken, a-z, 0-9 och bindestreck."}
        )
    return None
