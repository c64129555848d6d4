"""Personnummer, samordningsnummer and organisationsnummer: format, date, Luhn check digit."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.common.identity_numbers import (
    IdentityNumberError,
    luhn_valid,
    parse_organisationsnummer,
    parse_personnummer,
    personnummer_and_birth_date,
)

TODAY = date(2027, 3, 1)


def test_the_birth_date_comes_with_the_number_samordningsnummer_too() -> None:
    assert personnummer_and_birth_date("19811218-9876", TODAY) == (
        "198112189876",
        date(1981, 12, 18),
    )
    number, born = personnummer_and_birth_date("701063-2391", TODAY)
    assert (number, born) == ("197010632391", date(1970, 10, 3))


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("8112189876", True), ("8112189875", False), ("5560125790", True), ("0000000000", True)],
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid


@given(st.text(alphabet="0123456789", min_size=1, max_size=16))
def test_luhn_agrees_with_the_check_digit_as_written_in_the_rule(digits: str) -> None:
    """From the right, every second digit doubled and its digits added; the sum ends in 0."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value // 10 + value % 10
    assert luhn_valid(digits) is (total % 10 == 0)


@pytest.mark.parametrize("digits", ["81121898x6", "8112 89876", "٨١١٢١٨٩٨٧٦"])
def test_luhn_takes_only_ascii_digits(digits: str) -> None:
    with pytest.raises(ValueError):
        luhn_valid(digits)


@pytest.mark.parametrize(
    "written",
    ["١٩٨١١٢١٨-٩٨٧٦", "１９８１１２１８-９８７６", "19811218-٩٨٧٦"],
    ids=["arabic", "fullwidth", "mixed"],
)
def test_digits_of_other_scripts_are_refused_not_a_second_form_of_the_number(written: str) -> None:
    """Else the same person would get a second normalised form, pseudonym and ballot."""
    with pytest.raises(IdentityNumberError, match="ÅÅÅÅMMDD-NNNN"):
        parse_personnummer(written, TODAY)
    with pytest.raises(IdentityNumberError):
        parse_organisationsnummer("٥٥٦٠١٢-٥٧٩٠")


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("19811218-9876", "198112189876"),
        ("198112189876", "198112189876"),
        ("811218-9876", "198112189876"),
        ("8112189876", "198112189876"),
        (" 811218 9876 ", "198112189876"),
        ("121212-1212", "201212121212"),
        ("121212+1212", "191212121212"),
        ("701063-2391", "197010632391"),  # samordningsnummer: day 63 is the 3rd
    ],
)
def test_personnummer_in_every_usual_form(written: str, normalised: str) -> None:
    assert parse_personnummer(written, TODAY) == normalised


def test_a_two_digit_year_means_the_last_hundred_years() -> None:
    assert parse_personnummer("270301-0005", TODAY) == "202703010005"
    assert parse_personnummer("270302-0004", TODAY) == "192703020004"


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("811218-9875", "kontrollsiffra"),
        ("8112-18-9876", "ÅÅÅÅMMDD-NNNN"),
        ("81121898765", "ÅÅÅÅMMDD-NNNN"),
        ("abcdef-ghij", "ÅÅÅÅMMDD-NNNN"),
        ("19811218+9876", "Plustecken"),
        ("811318-9876", "födelsedatum"),
        ("810230-9876", "födelsedatum"),
        ("20300101-0002", "framtiden"),
        ("", "ÅÅÅÅMMDD-NNNN"),
    ],
)
def test_bad_personnummer_are_explained(written: str, fragment: str) -> None:
    with pytest.raises(IdentityNumberError, match=fragment):
        parse_personnummer(written, TODAY)


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("556012-5790", "5560125790"),
        ("5560125790", "5560125790"),
        ("16556012-5790", "5560125790"),
        ("212000-0142", "2120000142"),
        ("802479-0985", "8024790985"),
    ],
)
def test_organisationsnummer_in_every_usual_form(written: str, normalised: str) -> None:
    assert parse_organisationsnummer(written) == normalised


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("556012-5791", "kontrollsiffra"),
        ("811218-9876", "ser ut som ett personnummer"),
        ("556012/5790", "NNNNNN-NNNN"),
        ("19556012-5790", "NNNNNN-NNNN"),
        ("55601257", "NNNNNN-NNNN"),
    ],
)
def test_bad_organisationsnummer_are_explained(written: str, fragment: str) -> None:
    with pytest.raises(IdentityNumberError, match=fragment):
        parse_organisationsnummer(written)
