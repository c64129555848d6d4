"""Receipt codes a voter can copy from a paper slip: 12 characters of Crockford's base32
(no I, L, O or U), grouped ``XXXX-XXXX-XXXX``; 60 random bits from ``secrets``.

Checking forgives what people do when they copy a code: lower case, spaces or no hyphens, and
I, L for 1 and O for 0. Codes handed out before (22 characters, base64url) are looked up as
they were written, so they keep working.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
# What Crockford's decoding reads as another symbol: I and L are one, O is zero.
CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_receipt_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return _grouped(symbols)


def _grouped(symbols: str) -> str:
    return "-".join(symbols[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalised(code: str) -> str | None:
    """The code as stored, if what the voter typed reads as one of ours; else None."""
    symbols = _SEPARATORS.sub("", code).upper().translate(CONFUSABLE)
    if len(symbols) != LENGTH or any(symbol not in ALPHABET for symbol in symbols):
        return None
    return _grouped(symbols)


def stored_forms(code: str) -> set[str]:
    """The stored codes a typed code may be: the new form, and an old code as typed."""
    forms = {code.strip()}
    new = normalised(code)
    if new:
        forms.add(new)
    return forms
