"""Receipt codes: 128 random bits each, as ``secrets.token_urlsafe(16)`` makes them.

The operating system's generator is read in blocks of 256 codes instead of once per ballot
(one system call per ballot was a measurable share of a cast), and a block's codes are
encoded together. The bytes are the same cryptographic randomness, and each code is handed
out once.
"""

import base64
import os
import threading

_CODE_BYTES = 16
_BLOCK_CODES = 256


class ReceiptCodes:
    def __init__(self) -> None:
        self._codes: list[str] = []
        self._lock = threading.Lock()  # the SQLite writer and tests use several threads

    def new(self) -> str:
        try:
            return self._codes.pop()  # atomic: no two callers get the same code
        except IndexError:
            with self._lock:
                if not self._codes:
                    self._codes = _block()
            return self.new()


def _block() -> list[str]:
    """A block of codes from one read of the operating system's generator."""
    block = os.urandom(_CODE_BYTES * _BLOCK_CODES)
    return [
        base64.urlsafe_b64encode(block[start : start + _CODE_BYTES]).rstrip(b"=").decode("ascii")
        for start in range(0, len(block), _CODE_BYTES)
    ]
