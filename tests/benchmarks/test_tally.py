"""The counting benchmark runs and reports both engines, with the same outcome (a small file)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMALL = "Poland_Warszawa_2018_Pole_Mokotowskie.pb"


@pytest.mark.skipif(
    not (ROOT.parent / "shared" / "pabulib" / SMALL).exists(), reason="no shared pabulib files"
)
def test_the_tally_benchmark_reports_ours_and_pabutools_with_the_same_outcome() -> None:
    command = [sys.executable, "-m", "benchmarks.tally", "--json", "--files", SMALL]
    answer = subprocess.run(
        [*command, "--rules", "greedy", "mes+greedy"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = [row for row in json.loads(answer.stdout)["results"] if "pabutools_s" in row]
    assert [row["rule"] for row in rows] == ["greedy", "mes+greedy"]
    assert all(row["same_outcome"] and row["ours_s"] > 0 and row["ratio"] > 0 for row in rows)
