"""Percentages in the report's Swedish text, by Babel as the web front writes them
(services/web/formats.py): a decimal comma and a non-breaking space before the sign."""

from babel.numbers import format_decimal

# The report's shares are rounded to one decimal where they are computed; a whole one
# shows no decimal (``75 %``, ``78,6 %``), as before.
PATTERN = "#,##0.#"


def percent(points: float) -> str:
    """A figure already in per cent (a turnout of 78.6, a progress of 50): ``78,6 %``."""
    return format_decimal(points, PATTERN, locale="sv_SE") + "\u00a0%"
