"""A lean HTTP/1.1 client for casting thousands of ballots: one kept-alive connection per
simulated voter client, JSON posts, nothing else.

Why not httpx here: on a small machine the replay's clients share the cores with the services
they drive, and httpx costs far more CPU per request than this. Every other call of the
replay uses httpx.
"""

import asyncio
import contextlib
from urllib.parse import urlsplit


class KeepAliveConnection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str):
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, base_url: str) -> "KeepAliveConnection":
        parts = urlsplit(base_url)
        secure = parts.scheme == "https"
        host = parts.hostname or "127.0.0.1"
        port = parts.port or (443 if secure else 80)
        reader, writer = await asyncio.open_connection(host, port, ssl=secure or None)
        return cls(reader, writer, parts.netloc)

    async def post_json(self, path: str, body: bytes, token: str) -> tuple[int, bytes]:
        """POST ``body`` (JSON) with a bearer token; the answer's status and body."""
        head = (
            f"POST {path} HTTP/1.1\r\nhost: {self.host}\r\ncontent-type: application/json\r\n"
            f"authorization: Bearer {token}\r\ncontent-length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line, *headers = (await self.reader.readuntil(b"\r\n\r\n")).split(b"\r\n")
        length = 0
        for header in headers:
            name, _, value = header.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        answer = await self.reader.readexactly(length) if length else b""
        return int(status_line.split()[1]), answer

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):  # the server went first; nothing to flush
            await self.writer.wait_closed()
