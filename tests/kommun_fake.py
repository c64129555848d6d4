"""A stand-in for the kommun's own systems on loopback: the diarium (``POST /diarium/cases``),
the notification receiver (``POST /notifications``) and the digital mailbox's
förmedlingstjänst (``POST /mailbox/messages``; 404 for a person in ``no_mailbox``). Real HTTP
in a thread, so the adapters are tested as they run, from a test or from a worker process.

It behaves as a careful receiver should: it checks the HMAC signature and keeps the first
answer per ``Idempotency-Key``, so a repeat is answered but not acted on twice. And it fails
on purpose: ``fail_next`` answers 503 before looking at a request, ``lose_next_answers`` acts
on the request and then answers 503, as when the answer is lost on the way back.
"""

import hashlib
import hmac
import json
import threading
from collections import defaultdict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DIARIUM = "/diarium/cases"
NOTIFICATIONS = "/notifications"
MAILBOX = "/mailbox/messages"
SIGNATURE_HEADER = "X-Medborgarbudget-Signature"


@dataclass(frozen=True)
class Received:
    path: str
    key: str
    body: dict[str, Any]
    status: int


class FakeKommun:
    def __init__(self, secret: str = "kommun-test-secret") -> None:
        self.secret = secret
        self.requests: list[Received] = []
        self.accepted: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self._answers: dict[tuple[str, str], tuple[int, bytes]] = {}
        self._fail: dict[str, int] = defaultdict(int)
        self._lose: dict[str, int] = defaultdict(int)
        self.no_mailbox: set[str] = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeKommun":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def fail_next(self, path: str, times: int) -> None:
        self._fail[path] += times

    def lose_next_answers(self, path: str, times: int) -> None:
        self._lose[path] += times

    def attempts(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]

    def delivered(self, path: str) -> list[dict[str, Any]]:
        """What was acted on, once per idempotency key, in arrival order."""
        return list(self.accepted[path].values())

    def _act(self, path: str, key: str, body: dict[str, Any]) -> tuple[int, bytes]:
        recipient = body.get("recipient", {}) if path == MAILBOX else {}
        number = recipient.get("personnummer") or recipient.get("organisationsnummer")
        if path == MAILBOX and number in self.no_mailbox:
            return 404, b'{"detail": "ingen digital brevlada"}'
        self.accepted[path][key] = body
        if path == DIARIUM:
            reference = f"KS-DIA-{len(self.accepted[path])}"
            return 201, json.dumps({"case_reference": reference}).encode()
        return 202, b""

    def handle(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, bytes]:
        expected = "sha256=" + hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()
        key = headers.get("idempotency-key", "")
        body = json.loads(raw) if raw else {}
        with self._lock:
            if path not in (DIARIUM, NOTIFICATIONS, MAILBOX):
                status, answer = 404, b"{}"
            elif not hmac.compare_digest(headers.get(SIGNATURE_HEADER.lower(), ""), expected):
                status, answer = 401, b'{"detail": "fel signatur"}'
            elif self._fail[path] > 0:
                self._fail[path] -= 1
                status, answer = 503, b"upptagen"
            else:
                if (path, key) not in self._answers:
                    self._answers[path, key] = self._act(path, key, body)
                status, answer = self._answers[path, key]
                if self._lose[path] > 0:
                    self._lose[path] -= 1
                    status, answer = 503, b"svaret kom bort"
            self.requests.append(Received(path, key, body, status))
        return status, answer

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        kommun = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, answer = kommun.handle(self.path, headers, raw)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test reads ``requests`` instead."""

        return Handler
