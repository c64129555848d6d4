"""Reading a request's body in ASGI middleware, and handing it on to the app."""

from starlette.types import Message, Receive

from services.common.errors import Problem


async def read_body(receive: Receive, limit: int | None = None) -> bytes:
    """The whole request body (an ASGI request may arrive in several messages); a 413 once
    it grows past ``limit`` bytes, without reading the rest into memory."""
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        part = message.get("body", b"")
        size += len(part)
        if limit is not None and size > limit:
            raise too_large(limit)
        parts.append(part)
        if not message.get("more_body", False):
            break
    return b"".join(parts)


def too_large(limit: int) -> Problem:
    detail = f"Förfrågan är för stor (högst {limit} byte). The request is too large."
    return Problem(413, detail, code="request-too-large")


def replay_body(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the body already read, then waits as the server's."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
