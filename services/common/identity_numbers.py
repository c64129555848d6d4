"""Swedish identity numbers: personnummer (and samordningsnummer) and organisationsnummer.

A proposer gives one of these. It is checked while the person is still at the form (the Luhn
check digit catches every single mistyped digit and most swapped neighbours) and normalised, so
that however it was written the same person or organisation always gets the same pseudonym.
The number itself is never stored; callers pseudonymise the normalised form.
"""

import re
from datetime import date

# ASCII digits only: other scripts' digits (٣, ３) would give the same person a second form,
# and so a second pseudonym and a second ballot.
_PERSONNUMMER = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$", re.ASCII)
_ORGANISATIONSNUMMER = re.compile(r"^(16)?(\d{6})-?(\d{4})$", re.ASCII)
# A samordningsnummer is a personnummer whose day of birth has 60 added.
_COORDINATION_DAY_OFFSET = 60
# In an organisationsnummer the third digit is at least 2, so it can never be a valid month.
_MIN_ORGANISATION_THIRD_DIGIT = 2


class IdentityNumberError(ValueError):
    """The number is not valid; the message tells the person what to correct, in Swedish."""


# A digit doubled, with the digits of the product added up (Luhn): "7" -> 14 -> 5.
_DOUBLED = {str(digit): (2 * digit) // 10 + (2 * digit) % 10 for digit in range(10)}


def luhn_valid(digits: str) -> bool:
    """The Luhn (modulus 10) check that Skatteverket and Bolagsverket use for the last digit:
    from the right, every second digit doubled (its digits added up), the sum ends in 0."""
    kept = sum(map(int, digits[::-2]))
    try:
        doubled = sum(map(_DOUBLED.__getitem__, digits[-2::-2]))
    except KeyError:
        raise ValueError(f"not only digits: {digits!r}") from None
    return (kept + doubled) % 10 == 0


def parse_personnummer(text: str, today: date) -> str:
    """The 12-digit form (ÅÅÅÅMMDDNNNN) of a personnummer or samordningsnummer.

    Ten-digit forms get their century from ``today``: ``-`` means under 100 years old, ``+``
    100 or older, as Skatteverket writes them.
    """
    return personnummer_and_birth_date(text, today)[0]


def personnummer_and_birth_date(text: str, today: date) -> tuple[str, date]:
    """:func:`parse_personnummer`, with the birth date it gives (a voter's, on every cast)."""
    match = _PERSONNUMMER.fullmatch(text.strip().replace(" ", ""))
    if match is None:
        raise IdentityNumberError(
            "Skriv personnumret som ÅÅÅÅMMDD-NNNN (eller ÅÅMMDD-NNNN), med bara siffror och "
            "bindestreck."
        )
    century, yy, month, day, separator, serial = match.groups()
    if century is not None and separator == "+":
        raise IdentityNumberError("Plustecken används bara med tvåsiffrigt årtal (ÅÅMMDD+NNNN).")
    birth_day = int(day)
    if birth_day > _COORDINATION_DAY_OFFSET:
        birth_day -= _COORDINATION_DAY_OFFSET
    if century is not None:
        year = int(century + yy)
    else:
        year = _year_from_two_digits(int(yy), (int(month), birth_day), separator, today)
    try:
        born = date(year, int(month), birth_day)
    except ValueError as exc:
        raise IdentityNumberError("Personnumret innehåller inget giltigt födelsedatum.") from exc
    if born > today:
        raise IdentityNumberError("Personnumrets födelsedatum ligger i framtiden.")
    if not luhn_valid(yy + month + day + serial):
        raise IdentityNumberError(
            "Personnumrets kontrollsiffra (den sista) stämmer inte. Kontrollera siffrorna."
        )
    return f"{year:04d}{month}{day}{serial}", born


def _year_from_two_digits(yy: int, month_day: tuple[int, int], separator: str, today: date) -> int:
    """The year of the latest birthday with these digits up to today; 100 earlier after ``+``."""
    year = today.year - (today.year - yy) % 100
    if (year, *month_day) > (today.year, today.month, today.day):
        year -= 100
    return year - 100 if separator == "+" else year


def parse_organisationsnummer(text: str) -> str:
    """The 10-digit form (NNNNNNNNNN) of an organisationsnummer, also written 16NNNNNN-NNNN."""
    match = _ORGANISATIONSNUMMER.fullmatch(text.strip().replace(" ", ""))
    if match is None:
        raise IdentityNumberError(
            "Skriv organisationsnumret som NNNNNN-NNNN, bara siffror och bindestreck."
        )
    digits = match.group(2) + match.group(3)
    if int(digits[2]) < _MIN_ORGANISATION_THIRD_DIGIT:
        raise IdentityNumberError(
            "Det här ser ut som ett personnummer: i ett organisationsnummer är tredje siffran "
            "2 eller högre."
        )
    if not luhn_valid(digits):
        raise IdentityNumberError(
            "Organisationsnumrets kontrollsiffra (den sista) stämmer inte. Kontrollera siffrorna."
        )
    return digits
