"""The mail benchmark runs its real path on a small count (the local stack, a tiny round whose
workflow announces voting, the notify service sending to the mail sink) and prints one JSON
object: every invitation delivered once, the round completed."""

import pytest

from tests.benchmarks.runner import benchmark_figures

COUNT = 40
KEYS = {
    "invitations",
    "delivered",
    "duplicates",
    "seconds",
    "mails_per_second",
    "history_events",
    "round_completed",
}


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_mail_benchmark_prints_one_object_with_every_invitation_once(database_url: str) -> None:
    args = ["--count", str(COUNT), "--json", "--port-base", "0", "--timeout", "400"]
    figures = benchmark_figures("mail", [*args, "--database-url", database_url], timeout=540)
    assert set(figures) == KEYS
    assert figures["invitations"] == COUNT and figures["delivered"] == COUNT
    assert figures["duplicates"] == 0
    assert figures["round_completed"] is True
    assert 0 < figures["history_events"] < 400 and figures["mails_per_second"] > 0
