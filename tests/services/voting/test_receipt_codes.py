"""Receipt codes: short enough to copy from paper, forgiving of how people copy them."""

import re

from services.voting.receipt_codes import ALPHABET, new_receipt_code, normalised, stored_forms

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_new_codes_are_twelve_crockford_symbols_in_three_groups() -> None:
    codes = {new_receipt_code() for _ in range(2000)}
    assert len(codes) == 2000  # 60 random bits: no repeats in a sample this small
    assert all(CODE.match(code) for code in codes)
    assert not set("ILOU") & set("".join(codes))
    assert set("".join(codes)) - {"-"} == set(ALPHABET)  # every symbol is used


def test_typing_differences_read_as_the_same_code() -> None:
    assert normalised("7K3M-9QX2-0P1A") == "7K3M-9QX2-0P1A"
    assert normalised("7k3m 9qx2 op1a") == "7K3M-9QX2-0P1A"
    assert normalised("7K3M9QX2OPIA") == "7K3M-9QX2-0P1A"
    assert normalised("7k3m-9qx2-0pLa") == "7K3M-9QX2-0P1A"


def test_what_is_not_a_new_code_is_left_as_typed() -> None:
    old = "9IxXGx8hP0PTHzl3-T8YIw"  # a 22-character code handed out before
    assert normalised(old) is None
    assert stored_forms(old) == {old}
    assert normalised("7K3M-9QX2-0P1") is None  # one symbol short
    assert normalised("7K3M-9QX2-0P1U") is None  # U is not a symbol
    assert stored_forms(" 7k3m-9qx2-0p1a ") == {"7k3m-9qx2-0p1a", "7K3M-9QX2-0P1A"}
