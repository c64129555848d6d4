"""Personnummer, samordningsnummer and organisationsnummer: format, date, Luhn check digit."""

from datetime import date

import pytest

from services.common.identity_numbers import (
    IdentityNumberError,
    luhn_valid,
    parse_organisationsnummer,
    parse_personnummer,
)

TODAY = date(2027, 3, 1)


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("8112189876", True), ("8112189875", False), ("5560125790", True), ("0000000000", True)],
)
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid


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
