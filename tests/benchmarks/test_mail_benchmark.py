"""The mail benchmark runs its real path on a small count (the local stack, a tiny round whose
workflow announces voting, the notify service sending to the mail sink) and prints one JSON
object: every invitation delivered once, the round completed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
    command = [sys.executable, "-m", "benchmarks.mail", "--count", str(COUNT), "--json"]
    command += ["--port-base", "0", "--timeout", "400", "--database-url", database_url]
    answer = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=540,
    )
    assert answer.returncode == 0, answer.stderr[-3000:]
    lines = answer.stdout.strip().splitlines()
    assert len(lines) == 1, answer.stdout  # one JSON object, nothing else
    figures = json.loads(lines[0])
    assert set(figures) == KEYS
    assert figures["invitations"] == COUNT and figures["delivered"] == COUNT
    assert figures["duplicates"] == 0
    assert figures["round_completed"] is True
    assert 0 < figures["history_events"] < 400 and figures["mails_per_second"] > 0
