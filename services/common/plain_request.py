"""Refuse control characters in a request's path and query before anything reads them.

A NUL in a path id (``/rounds/r1%00/proposals``) reached PostgreSQL, which cannot store it,
and came back as a 500. Path ids are also checked against their patterns (the archive guard,
the routes); this outermost check gives every path and query parameter, of every route and
middleware, the same 422 for such bytes, with no database query before it.
"""

from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.errors import Problem, problem_response
from services.common.strict import has_control_characters


class PlainRequestMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _carries_control_characters(scope):
            problem = Problem(
                422,
                "Adressen innehåller otillåtna tecken (styrtecken som NUL).",
                code="control-character",
            )
            await problem_response(problem)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _carries_control_characters(scope: Scope) -> bool:
    path: str = scope["path"]
    query = unquote_to_bytes(scope.get("query_string", b"")).decode("utf-8", "replace")
    return has_control_characters(path) or has_control_characters(query)
