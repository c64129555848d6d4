"""The token micro-benchmark runs and reports a full check and a cache hit per algorithm."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_token_benchmark_reports_verify_and_cache_hit() -> None:
    answer = subprocess.run(
        [sys.executable, "-m", "benchmarks.tokens", "--tokens", "20", "--rounds", "1", "--json"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(answer.stdout)
    assert [r["algorithm"] for r in report["results"]] == ["HS256", "RS256", "ES256"]
    assert all(0 < r["cached_us"] < r["verify_us"] for r in report["results"])
    assert len(report["load_average"]) == 3
