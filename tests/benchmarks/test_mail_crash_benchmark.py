"""The crash benchmark on a small count: the notify service sends 400 invitations once without
a kill (the reference) and once killed twice at random instants, and the benchmark prints one
JSON object accounting for every invitation (delivered or lost), none doubled."""

import pytest

from tests.benchmarks.runner import benchmark_figures

COUNT = 400
KEYS = {
    "count",
    "kills",
    "delivered",
    "lost",
    "lost_after_end_of_data",
    "duplicates",
    "uncertain",
    "lost_per_kill",
    "mails_per_second_reference",
    "reference",
}


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_the_crash_benchmark_accounts_for_every_invitation(database_url: str) -> None:
    # 400 invitations go in about a second: the kills come 0.05-0.2 s after the mails flow.
    args = ["--count", str(COUNT), "--kills", "2", "--after", "0.05", "0.2", "--json"]
    figures = benchmark_figures("mail_crash", [*args, "--database-url", database_url], 100)
    assert set(figures) >= KEYS
    assert figures["count"] == COUNT and 1 <= figures["kills"] <= 2
    assert figures["duplicates"] == 0, figures["duplicate_ids"]
    assert figures["delivered"] + figures["lost"] == COUNT
    assert figures["statuses"] == {"sent": COUNT}
    reference = figures["reference"]
    assert (reference["delivered"], reference["lost"], reference["duplicates"]) == (COUNT, 0, 0)
    assert reference["uncertain"] in (0, None)  # None: the deliveries have no answered_at
    assert figures["mails_per_second_reference"] > 0
