"""A load generator's HTTP/1.1 client: one keep-alive connection, one request at a time.

Enough protocol for posting JSON to uvicorn and reading its status: the benchmark's clients
share the machine's two cores with the service and the database, so they are kept as cheap as
a client can be. An asyncio protocol gets the bytes as they arrive (no stream reader between),
and requests are rendered before the clock starts, as the plain loop's rows are.
"""

import asyncio
from typing import cast

_END_OF_HEAD = b"\r\n\r\n"
_LENGTH = b"\r\ncontent-length:"


def render_post(path: str, body: bytes, token: str) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
        f"authorization: Bearer {token}\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self._buffer = bytearray()
        self._answer: asyncio.Future[int] | None = None
        self._transport: asyncio.Transport | None = None

    @classmethod
    async def open(cls, port: int) -> "Connection":
        loop = asyncio.get_running_loop()
        _, connection = await loop.create_connection(cls, "127.0.0.1", port)
        return connection

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports have the methods but not the class: no isinstance check.
        self._transport = cast(asyncio.Transport, transport)

    async def send(self, request: bytes) -> int:
        """Send a rendered request; the response's status once its whole body is in."""
        assert self._transport is not None and self._answer is None
        self._answer = asyncio.get_running_loop().create_future()
        self._transport.write(request)
        try:
            return await self._answer
        finally:
            self._answer = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        end = self._buffer.find(_END_OF_HEAD)
        if end < 0:
            return
        head = bytes(self._buffer[:end]).lower()
        start = head.find(_LENGTH)
        if start < 0:
            raise ValueError("a response without content-length")
        length = int(head[start + len(_LENGTH) :].split(b"\r\n", 1)[0])
        if len(self._buffer) < end + len(_END_OF_HEAD) + length:
            return
        del self._buffer[: end + len(_END_OF_HEAD) + length]
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(int(head[9:12]))

    def connection_lost(self, exc: Exception | None) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_exception(exc or ConnectionError("the server closed the connection"))

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
