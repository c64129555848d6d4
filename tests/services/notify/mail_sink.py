"""A real SMTP server on loopback (aiosmtpd) that keeps every message it accepts."""

import email
import email.policy
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>]+>)", re.MULTILINE)


class Collector:
    """Keeps every message parsed; with ``parse=False`` only who got which Message-ID (the
    crash test's 10,000, where parsing would slow the test's own process)."""

    def __init__(self, parse: bool = True) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []
        self.received: list[tuple[str, str]] = []
        self._parse = parse
        self._lock = threading.Lock()

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        found = MESSAGE_ID.search(envelope.content)
        received = [(to, found.group(1).decode() if found else "") for to in envelope.rcpt_tos]
        parsed = None
        if self._parse:
            parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
        with self._lock:
            self.received += received
            if parsed is not None:
                self.raw.append(envelope.content)
                self.messages.append(parsed)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@contextmanager
def smtp_sink(
    parse: bool = True, collector: Collector | None = None
) -> Iterator[tuple[Collector, int]]:
    collector = collector or Collector(parse)
    with socket.socket() as probe:  # aiosmtpd's controller needs a port it can name
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield collector, controller.port
    finally:
        controller.stop()
