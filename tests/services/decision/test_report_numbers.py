"""The report's percentages and amounts as Swedish text: decimal comma, non-breaking spaces."""

from services.common.money import format_sek
from services.decision.report.numbers import percent


def test_a_share_is_written_with_a_decimal_comma_and_a_whole_one_without_decimals() -> None:
    assert percent(78.6) == "78,6\u00a0%"
    assert percent(15.0) == "15\u00a0%"
    assert percent(50) == "50\u00a0%"
    assert percent(0) == "0\u00a0%"


def test_an_amount_keeps_its_kronor_on_one_line() -> None:
    assert format_sek(1_250_000) == "1\u00a0250\u00a0000\u00a0kr"
    assert format_sek(0) == "0\u00a0kr"
