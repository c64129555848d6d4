"""Receipt codes look like secrets.token_urlsafe(16)'s and never repeat."""

import re

from services.voting.receipt_codes import ReceiptCodes


def test_codes_are_22_url_safe_characters_and_all_different() -> None:
    codes = ReceiptCodes()
    made = [codes.new() for _ in range(2000)]  # several blocks of the generator
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", code) for code in made)
    assert len(set(made)) == len(made)
