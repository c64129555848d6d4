"""A fast lane for a hot route: the route's own answers, without the framework's per-request work.

Routing through every route, resolving dependencies, validating the response and passing ten
layers of middleware cost a few hundred microseconds of CPU per request; for casting ballots
that was most of the service's work. A lane sits outside the app's middleware (see
:class:`LanedFastAPI`) and takes requests of one method and path pattern. Its handler either
answers (a response, or a :class:`Problem` as problem+json) or returns ``None`` - then the
request goes on, body included, through the whole app to the regular route, which gives its
usual answer. A handler returns ``None`` for anything it does not fully accept (a missing or
wrong token, a body that does not validate), so every refusal keeps exactly the route's wording.
Served with ``services.common.lane_protocol`` (as the services are), a lane's request skips the
ASGI round trip as well, and this middleware sees only what the lanes give back.

What the skipped middleware does for a request, the lane does itself: the request is counted
and timed under the route's template, its log lines carry the round, and an unexpected error
is logged and answered with the app's 500 problem. A request with an ``Idempotency-Key`` goes
the whole way, so the key is honoured as on every other write. The archive guard is not
needed: a lane's own commit refuses an archived round (``FastLane.checks_archive``).
"""

import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import FastAPI
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.asgi_body import read_body, replay_body
from services.common.errors import Problem, problem_response, unexpected_problem
from services.common.idempotency import HEADER as IDEMPOTENCY_KEY
from services.common.logs import current_round

log = logging.getLogger(__name__)
Headers = dict[bytes, bytes]
# (scope, its headers, the path match, the request body) -> the answer, or None: the route's.
LaneHandler = Callable[[Scope, Headers, re.Match[str], bytes], Awaitable[Response | None]]


@dataclass(frozen=True)
class FastLane:
    method: str
    # Names its round as the group ``round_id``.
    path: re.Pattern[str]
    # The route's template, as the metrics label it (``/rounds/{round_id}/ballots``).
    template: str
    handle: LaneHandler
    # A larger body is refused with 413 before it is read whole (the lane's requests are small).
    max_body: int = 64 * 1024
    # The lane's own commit refuses a round archived in this database (voting's group commit
    # sees an archived round as closed), so the archive guard need not look it up per request.
    checks_archive: bool = False


@dataclass(frozen=True)
class _LaneRoute:
    """What ``scope["route"]`` holds for a request the lane answered, as the router sets it."""

    path: str


class LanedFastAPI(FastAPI):
    """A FastAPI app whose ``state.fast_lanes`` answer before its middleware stack."""

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        lanes: list[FastLane] = getattr(self.state, "fast_lanes", [])
        return FastLaneMiddleware(stack, lanes) if lanes else stack


def find_lane(
    lanes: list[FastLane], scope: Scope
) -> tuple[FastLane, re.Match[str], Headers] | None:
    """The lane that takes this request, its path match and its headers; ``None``: the app's."""
    for lane in lanes:
        match = lane.path.fullmatch(scope["path"])
        if match is not None and scope["method"] == lane.method:
            headers = dict(scope["headers"])
            # A repeated header collapses here; the app's route refuses it (400) instead.
            if IDEMPOTENCY_KEY not in headers and len(headers) == len(scope["headers"]):
                return lane, match, headers
    return None


async def answer(
    lane: FastLane, match: re.Match[str], headers: Headers, scope: Scope, body: bytes
) -> Response | None:
    """The lane's answer, a problem answer for a :class:`Problem` or an unexpected error (logged),
    or ``None``: the app answers. The log lines carry the round."""
    context = current_round.set(match["round_id"])
    try:
        return await lane.handle(scope, headers, match, body)
    except Problem as problem:
        return problem_response(problem)
    except Exception as exc:
        log.exception("unexpected error", exc_info=exc)
        return problem_response(unexpected_problem())
    finally:
        current_round.reset(context)


def observe(lane: FastLane, scope: Scope, response: Response, started: float) -> None:
    """Counts and times an answered request as the metrics middleware does, under the route's
    template (and ``scope["route"]`` names it, as the router would); called just before the
    answer is sent, so a client that has it finds it counted."""
    scope["route"] = _LaneRoute(lane.template)
    seconds = time.perf_counter() - started
    scope["app"].state.metrics.observe(lane.method, lane.template, response.status_code, seconds)


class FastLaneMiddleware:
    def __init__(self, app: ASGIApp, lanes: list[FastLane]) -> None:
        self.app = app
        self.lanes = lanes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            taken = find_lane(self.lanes, scope)
            if taken is not None:
                await self._take(*taken, scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _take(
        self,
        lane: FastLane,
        match: re.Match[str],
        headers: Headers,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        started = time.perf_counter()
        body = b""
        try:
            body = await read_body(receive, lane.max_body)
        except Problem as problem:
            response: Response | None = problem_response(problem)
        else:
            response = await answer(lane, match, headers, scope, body)
        if response is None:
            await self.app(scope, replay_body(body, receive), send)
            return
        observe(lane, scope, response, started)
        await response(scope, receive, send)
