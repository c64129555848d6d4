"""The ballot benchmark runs end to end on PostgreSQL and reports both sides (a few ballots)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not POSTGRES_URL, reason="MB_TEST_POSTGRES_URL is not set")
def test_the_ballot_benchmark_reports_the_service_and_the_plain_loop() -> None:
    command = [sys.executable, "-m", "benchmarks.ballots", "--clients", "4", "--ballots", "60"]
    command += ["--runs", "2"]
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
    service, reference = report["service"], report["reference"]
    assert service["ballots"] == reference["ballots"] == 60  # every cast answered 201, stored
    assert len(report["runs"]) == 2
    assert service["per_second"] > 0 and reference["per_second"] > 0
    assert report["ratio"] == round(service["per_second"] / reference["per_second"], 2)
    assert {"service", "database", "clients"} <= set(service["cpu_us"])
    assert report["synchronous_commit"] in {"on", "remote_apply", "remote_write", "local", "off"}
