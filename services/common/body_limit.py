"""One request-body limit for every service, answered 413 before the body is read whole.

A request announcing a larger ``Content-Length`` is refused before the app sees it; a body
without one (chunked) is counted as it streams in, and refused as soon as it grows past the
limit. Each service has one limit (``MB_MAX_BODY_BYTES``); a route may set its own
(:class:`RouteLimit`, e.g. 64 KiB for a ballot).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from re import Pattern

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.errors import Problem, problem_response


@dataclass(frozen=True)
class RouteLimit:
    """A route's own limit: its method, its path template as the route declares it, bytes."""

    method: str
    template: str
    max_bytes: int
    path: Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", compile_path(self.template)[0])


class BodyTooLarge(HTTPException):
    """Raised from ``receive``: an HTTPException, so the framework's body parsing lets it
    through (it would turn any other error into a 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Förfrågan är för stor (högst {limit} byte).")
        self.limit = limit


def too_large(limit: int) -> Problem:
    detail = f"Förfrågan är för stor (högst {limit} byte). The request is too large."
    return Problem(413, detail, code="request-too-large", title="För stor förfrågan")


class BodyLimitMiddleware:
    """Pure ASGI; outside everything that reads a body (idempotency, the routes)."""

    def __init__(self, app: ASGIApp, max_bytes: int, routes: Sequence[RouteLimit] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.routes = list(routes)

    def limit(self, scope: Scope) -> int:
        for route in self.routes:
            if route.method == scope["method"] and route.path.fullmatch(scope["path"]):
                return route.max_bytes
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope)
        length = Headers(scope=scope).get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await problem_response(too_large(limit))(scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge as error:  # read before routing (the idempotency middleware)
            if started:
                raise
            await problem_response(too_large(error.limit))(scope, receive, send)


async def _on_too_large(_request: Request, exc: Exception) -> JSONResponse:
    """Read by a route: the app's exception handling answers, with the same problem."""
    assert isinstance(exc, BodyTooLarge)
    return problem_response(too_large(exc.limit))


def install_body_limit(app: FastAPI, max_bytes: int, routes: Sequence[RouteLimit] = ()) -> None:
    app.add_exception_handler(BodyTooLarge, _on_too_large)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_bytes, routes=routes)


async def read_body(receive: Receive) -> bytes:
    """The whole request body (an ASGI request may arrive in several messages); its size is
    bounded by :class:`BodyLimitMiddleware` outside."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)
