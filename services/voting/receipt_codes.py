"""Receipt codes: 128 random bits each, as ``secrets.token_urlsafe(16)`` makes them.

The operating system's generator is read in blocks of 256 codes instead of once per ballot
(one system call per ballot was a measurable share of a cast). The bytes are the same
cryptographic randomness, and each part of a block is handed out once.
"""

import base64
import os
import threading

_CODE_BYTES = 16
_BLOCK_CODES = 256


class ReceiptCodes:
    def __init__(self) -> None:
        self._block = b""
        self._next = 0
        self._lock = threading.Lock()  # the SQLite writer and tests use several threads

    def new(self) -> str:
        with self._lock:
            if self._next >= len(self._block):
                self._block, self._next = os.urandom(_CODE_BYTES * _BLOCK_CODES), 0
            block, start = self._block, self._next
            self._next += _CODE_BYTES
        code = block[start : start + _CODE_BYTES]
        return base64.urlsafe_b64encode(code).rstrip(b"=").decode("ascii")
