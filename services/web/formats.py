"""Numbers, money, percentages and times as people write them, by Babel in the page's
language: ``1 250 000 kr``, ``100,0 %``, ``31 mars 2027 kl. 23.59``."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_currency_symbol,
)

from services.web.i18n import current_language, current_locale

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEFAULT_CURRENCY = "SEK"
# Whole currency units, the amount before the symbol's space in both languages (a kommun's
# budget has no öre); the space is non-breaking so "kr" never starts a line.
MONEY_PATTERN = "#,##0\u00a0¤"
# One decimal by default (turnout, shares); a whole number where the figure is one (progress).
PERCENT_PATTERNS = {1: "#,##0.0\u00a0%", 0: "#,##0\u00a0%"}
TIME_PATTERNS = {"sv": "d MMMM y 'kl'. HH.mm", "en": "d MMMM y 'at' HH:mm"}
DATE_PATTERN = "d MMMM y"


def number(value: int | float | None) -> str:
    return "" if value is None else format_decimal(value, locale=current_locale())


def money(amount: int | float | None, currency: str | None = None) -> str:
    """An amount in the round's currency (Swedish kronor unless the round says otherwise)."""
    if amount is None:
        return ""
    return format_currency(
        amount,
        (currency or DEFAULT_CURRENCY).upper(),
        MONEY_PATTERN,
        locale=current_locale(),
        currency_digits=False,
    )


def currency_symbol(currency: str | None = None) -> str:
    """How an amount's unit is written in a label: ``kr``, ``€`` (``SEK`` in English)."""
    return get_currency_symbol((currency or DEFAULT_CURRENCY).upper(), locale=current_locale())


def percent(share: float | None, decimals: int = 1) -> str:
    """A share (0.5) as a percentage with one decimal (``50,0 %``), or none (``50 %``)."""
    if share is None:
        return ""
    return format_percent(share, PERCENT_PATTERNS[decimals], locale=current_locale())


def percentage(points: float | None, decimals: int = 1) -> str:
    """A figure the services already give in per cent (78.6, a progress of 50) the same way."""
    return "" if points is None else percent(points / 100, decimals)


def _moment(value: str | datetime) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=STOCKHOLM)


def local_time(value: str | datetime | None, with_time: bool = True) -> str:
    """A service's ISO time in Swedish time: ``31 mars 2027 kl. 23.59``."""
    if not value:
        return ""
    if not with_time:
        return local_date(value)
    pattern = TIME_PATTERNS[current_language()]
    return format_datetime(_moment(value), pattern, tzinfo=STOCKHOLM, locale=current_locale())


def local_date(value: str | date | datetime | None) -> str:
    """A day as people write it: ``31 mars 2027``."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        value = _moment(value).astimezone(STOCKHOLM).date()
    return format_date(value, DATE_PATTERN, locale=current_locale())
