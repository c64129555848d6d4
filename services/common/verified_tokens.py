"""Tokens verified before, with their caller, until they expire (least recently used go).

A resident's session sends one token with every request; verifying it once per process is
enough, since a token cannot change and its expiry is checked on every hit. Only tokens that
passed verification are kept, keyed by the whole token string.
"""

import time
from collections import OrderedDict

from services.common.principal import Principal


class VerifiedTokens:
    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._entries: OrderedDict[str, tuple[float, Principal]] = OrderedDict()

    def get(self, token: str) -> Principal | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        expires, principal = entry
        if time.time() >= expires:  # expired now: verification refuses it with its message
            del self._entries[token]
            return None
        self._entries.move_to_end(token)
        return principal

    def put(self, token: str, principal: Principal) -> None:
        self._entries[token] = (float(principal.claims["exp"]), principal)
        self._entries.move_to_end(token)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
