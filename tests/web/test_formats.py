"""Numbers, money, percentages and times as Swedish and English readers write them."""

from datetime import date

from services.web.formats import local_date, local_time, money, number, percent, percentage
from services.web.i18n import use_language

NBSP = "\u00a0"


def test_swedish_formats() -> None:
    use_language("sv")
    assert number(12345) == f"12{NBSP}345"
    assert money(1_250_000) == f"1{NBSP}250{NBSP}000{NBSP}kr"
    assert money(500, "EUR") == f"500{NBSP}€"
    assert percent(1.0) == f"100,0{NBSP}%"
    assert percent(0.4567) == f"45,7{NBSP}%"
    # 21:59 UTC on 31 March is 23:59 in Stockholm (summer time)
    assert local_time("2027-03-31T21:59:00+00:00") == "31 mars 2027 kl. 23.59"
    assert local_time("2027-12-06T16:25:00Z") == "6 december 2027 kl. 17.25"
    assert local_date("2027-03-31") == "31 mars 2027"
    assert local_date(date(2027, 1, 5)) == "5 januari 2027"


def test_english_formats() -> None:
    use_language("en")
    assert number(12345) == "12,345"
    assert money(1_250_000) == f"1,250,000{NBSP}SEK"
    assert percent(1.0) == f"100.0{NBSP}%"
    assert local_time("2027-03-31T21:59:00+00:00") == "31 March 2027 at 23:59"


def test_nothing_shows_as_nothing() -> None:
    assert money(None) == "" and percent(None) == "" and local_time(None) == ""
    assert local_date("") == "" and number(None) == ""


def test_figures_already_in_per_cent() -> None:
    use_language("sv")
    assert percentage(78.6) == f"78,6{NBSP}%"
    assert percentage(50, 0) == f"50{NBSP}%"
    assert percentage(None) == ""
