"""A fast lane for a hot route: the route's own answers, without the framework's per-request work.

Routing through every route, resolving dependencies and validating the response cost a few
hundred microseconds of CPU per request; for casting ballots that is most of the service's
work. A lane is a pure ASGI middleware, innermost of the app's own (idempotency, metrics and the
log context still wrap it), that takes requests of one method and path pattern. Its handler
either answers (a response, or a :class:`Problem` as problem+json) or returns ``None`` - then
the request goes on, body included, to the regular route, which gives its usual answer. A
handler returns ``None`` for anything it does not fully accept (a missing or wrong token, a
body that does not validate), so every refusal keeps exactly the route's wording.
"""

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.errors import Problem, problem_response

# (scope, the path match, the request body) -> the answer, or None: the route answers.
LaneHandler = Callable[[Scope, re.Match[str], bytes], Awaitable[Response | None]]


@dataclass(frozen=True)
class FastLane:
    method: str
    path: re.Pattern[str]
    # The route's template, as the metrics label it (``/rounds/{round_id}/ballots``).
    template: str
    handle: LaneHandler
    # The lane's own commit refuses a round archived in this database (voting's group commit
    # sees an archived round as closed), so the archive guard need not look it up per request.
    checks_archive: bool = False


@dataclass(frozen=True)
class _LaneRoute:
    """What ``scope["route"]`` holds for a request the lane answered; metrics read its path."""

    path: str


class FastLaneMiddleware:
    def __init__(self, app: ASGIApp, lanes: Sequence[FastLane]) -> None:
        self.app = app
        self.lanes = list(lanes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for lane in self.lanes:
                match = lane.path.fullmatch(scope["path"])
                if match is not None and scope["method"] == lane.method:
                    await self._take(lane, match, scope, receive, send)
                    return
        await self.app(scope, receive, send)

    async def _take(
        self, lane: FastLane, match: re.Match[str], scope: Scope, receive: Receive, send: Send
    ) -> None:
        body = await read_body(receive)
        try:
            response = await lane.handle(scope, match, body)
        except Problem as problem:
            response = problem_response(problem)
        if response is None:
            await self.app(scope, _replay(body, receive), send)
            return
        scope["route"] = _LaneRoute(lane.template)
        await response(scope, receive, send)


async def read_body(receive: Receive) -> bytes:
    """The whole request body (an ASGI request may arrive in several messages)."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the body already read, then waits as the server's."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
