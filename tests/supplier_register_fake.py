"""A stand-in for the kommun's supplier register on loopback (the contract in
services/decision/suppliers.py): ``GET /suppliers/<organisationsnummer>`` answers the seat of a
known company, 404 for an unknown one, and 503 while ``fail_next_lookups`` lasts."""

import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.kommun_fake import FakeKommun

# Two companies: one with its seat in Åre, one in Östersund (valid check digits).
LOCAL_SUPPLIER = "556677-8899"
NON_LOCAL_SUPPLIER = "559012-3450"
UNKNOWN_SUPPLIER = "802412-3450"
SEATS = {
    "5566778899": {"name": "Åre Bygg AB", "kommun": "Åre"},
    "5590123450": {"name": "Storsjö Konsult AB", "kommun": "Östersund"},
}


class FakeSupplierRegister(FakeKommun):
    """The fake kommun's loopback server, answering the register's GET instead."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.fail_next_lookups = 0
        super().__init__()

    def __enter__(self) -> "FakeSupplierRegister":
        super().__enter__()
        return self

    def answer(self, path: str) -> tuple[int, bytes]:
        number = path.removeprefix("/suppliers/")
        self.asked.append(number)
        if self.fail_next_lookups > 0:
            self.fail_next_lookups -= 1
            return 503, b"{}"
        if not path.startswith("/suppliers/") or number not in SEATS:
            return 404, b"{}"
        return 200, json.dumps({"organisationsnummer": number, **SEATS[number]}).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        register = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = register.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test reads ``asked`` instead."""

        return Handler
