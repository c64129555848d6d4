"""The ballot benchmark runs end to end on PostgreSQL and reports every side (a few ballots)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not POSTGRES_URL, reason="MB_TEST_POSTGRES_URL is not set")
def test_the_ballot_benchmark_reports_the_service_both_ways_and_the_plain_loop() -> None:
    command = [sys.executable, "-m", "benchmarks.ballots", "--clients", "4", "--ballots", "60"]
    command += ["--runs", "2", "--workers", "2"]
    answer = subprocess.run(
        [*command, "--postgres-url", POSTGRES_URL, "--json"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(answer.stdout.splitlines()[-1])
    sides = ("service", "commit_per_ballot", "reference")
    for side in sides:  # every cast answered 201 and stored (the benchmark checks the count)
        assert report[side]["ballots"] == 60
        assert report[side]["per_second"] > 0
        assert 0 < report[side]["p50_ms"] <= report[side]["p99_ms"]
    assert "MB_BALLOT_BATCH_MAX=1" in report["commit_per_ballot"]["name"]
    assert [set(run) for run in report["runs"]] == [set(sides)] * 2
    assert {"service", "database", "clients"} <= set(report["service"]["cpu_us"])
    assert (report["workers"], report["clients"]) == (2, 4)
    assert isinstance(report["target_met"], bool)
    assert report["synchronous_commit"] in {"on", "remote_apply", "remote_write", "local", "off"}
