"""uvicorn's HTTP protocol, with the app's fast lanes taken at the connection.

A fast lane (``services.common.fast_lane``) already skips the app's routing and middleware.
Served with this protocol (``uvicorn --http services.common.lane_protocol:LaneHttpProtocol``),
a lane's request also skips the ASGI round trip around it: no middleware call chain, no
``receive``/``send`` messages, and the answer leaves in ONE socket write instead of two (status
line and headers, then the body). For casting ballots that was a fifth of the service's CPU.

Everything HTTP stays uvicorn's: parsing, keep-alive, pipelining (a lane's request waits its
turn like any other), ``Expect: 100-continue``, flow control, limits and shutdown. Only the
step from a parsed request to the app changes, for requests a lane takes; when the lane gives
the request back (``None``: the route answers) it goes to the app as usual, body included.
Without this protocol, or for an app without lanes, the server behaves exactly as plain uvicorn,
and the lanes still answer in front of the middleware. uvicorn's own wrapper around the app
still applies: behind a trusted proxy (``--forwarded-allow-ips``) a lane's request carries the
client and scheme from ``X-Forwarded-For`` and ``X-Forwarded-Proto``, in the access log too.
"""

import logging
import re
import time
from functools import lru_cache
from typing import Any, cast

from starlette.responses import Response
from starlette.types import Receive, Scope
from uvicorn.config import Config
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.protocols.http.httptools_impl import (
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)
from uvicorn.protocols.utils import get_client_addr

from services.common.asgi_body import read_body, too_large
from services.common.errors import Problem, problem_response
from services.common.fast_lane import FastLane, Headers, LanedFastAPI, answer, find_lane, observe

log = logging.getLogger(__name__)


def laned_app(app: Any) -> LanedFastAPI | None:
    """The lane-carrying app inside uvicorn's wrappers (proxy headers, message logger)."""
    for _ in range(8):  # a handful of wrappers at most
        if isinstance(app, LanedFastAPI):
            return app
        app = getattr(app, "app", None)
    return None


class LaneHttpProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._laned = laned_app(self.app)
        # Set when the app is built, before it serves: read once per connection.
        self._lanes: list[FastLane] = (
            getattr(self._laned.state, "fast_lanes", []) if self._laned else []
        )
        self._proxy = _proxy_headers(self.config) if self._lanes else None

    def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
        # ``app`` is another one when uvicorn answers by itself (over its concurrency limit).
        if self._lanes and app is self.app:
            scope = cast(Scope, cycle.scope)
            taken = find_lane(self._lanes, scope)
            if taken is not None:
                scope["app"] = self._laned  # as Starlette sets it; the lane reads the app's state
                lane_cycle = _LaneCycle(cycle, *taken, proxy=self._proxy)
                super()._start_asgi_task(lane_cycle, app)  # type: ignore[arg-type]
                return
        super()._start_asgi_task(cycle, app)


class _LaneCycle:
    """Runs in place of ``cycle.run_asgi`` (uvicorn starts it, now or when its turn comes)."""

    def __init__(
        self,
        cycle: RequestResponseCycle,
        lane: FastLane,
        match: re.Match[str],
        headers: Headers,
        *,
        proxy: ProxyHeadersMiddleware | None,
    ) -> None:
        self.cycle, self.lane, self.match, self.headers = cycle, lane, match, headers
        self.proxy = proxy
        self.scope = cast(Scope, cycle.scope)  # uvicorn's typed scope, as Starlette types it

    async def run_asgi(self, app: Any) -> None:
        cycle, lane = self.cycle, self.lane
        started = time.perf_counter()
        try:
            if self.proxy is not None:  # the client and scheme, as the app would see them
                await self.proxy(cycle.scope, cycle.receive, cycle.send)
            try:
                body = await self._body()
            except Problem as problem:
                response: Response | None = problem_response(problem)
            else:
                if cycle.disconnected:
                    return
                response = await answer(lane, self.match, self.headers, self.scope, body)
            if response is None:  # the route answers: the body once more, for the app to read
                cycle.body, cycle.more_body = bytearray(body), False
                cycle.message_event.set()
                await cycle.run_asgi(app)
                return
            observe(lane, self.scope, response, started)
            await _write(cycle, response)
        except Exception as exc:  # as uvicorn treats an app that failed half-way through
            log.error("Exception while answering through a fast lane", exc_info=exc)
            cycle.transport.close()
        finally:
            cycle.on_response = lambda: None

    async def _body(self) -> bytes:
        cycle, limit = self.cycle, self.lane.max_body
        if cycle.more_body or cycle.waiting_for_100_continue:
            return await read_body(cast(Receive, cycle.receive), limit)
        # Usually the whole request came in one read: its body is all there already.
        body, cycle.body = bytes(cycle.body), bytearray()
        if len(body) > limit:
            raise too_large(limit)
        return body


def _proxy_headers(config: Config) -> ProxyHeadersMiddleware | None:
    """uvicorn's proxy-headers middleware as ``--proxy-headers`` installs it, but around an app
    that does nothing: awaiting it only sets the scope's client and scheme. ``None``: off."""
    if not config.proxy_headers:
        return None
    trusted = config.forwarded_allow_ips
    return _rewriter(trusted if isinstance(trusted, str) else tuple(trusted))


@lru_cache(maxsize=8)
def _rewriter(trusted: str | tuple[str, ...]) -> ProxyHeadersMiddleware:
    """One per setting, for every connection (parsing the trusted hosts takes a while)."""
    return ProxyHeadersMiddleware(_nothing, trusted if isinstance(trusted, str) else list(trusted))


async def _nothing(_scope: Any, _receive: Any, _send: Any) -> None:
    return None


async def _write(cycle: RequestResponseCycle, response: Response) -> None:
    """The whole answer in one write, completed as uvicorn completes one (keep-alive or close,
    then the next pipelined request)."""
    if cycle.flow.write_paused and not cycle.disconnected:
        await cycle.flow.drain()
    if cycle.disconnected:
        return
    status = response.status_code
    if cycle.access_log:
        scope = cycle.scope
        cycle.access_logger.info(
            '%s - "%s %s HTTP/%s" %d',
            get_client_addr(scope),
            scope["method"],
            scope["path"],
            scope["http_version"],
            status,
        )
    content = [STATUS_LINE[status]]
    for name, value in (*cycle.default_headers, *response.raw_headers):
        content += (name, b": ", value, b"\r\n")
    if not cycle.keep_alive:
        content.append(b"connection: close\r\n")
    content += (b"\r\n", bytes(response.body))
    cycle.response_started = cycle.response_complete = True
    cycle.waiting_for_100_continue = False
    cycle.transport.write(b"".join(content))
    cycle.message_event.set()
    if not cycle.keep_alive:
        cycle.transport.close()
    cycle.on_response()
