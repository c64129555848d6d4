"""Runs a benchmark as its users do (``python -m benchmarks.NAME ... --json``, from the
repository's root) and gives back the one JSON object it printed."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def benchmark_figures(module: str, args: list[str], timeout: float) -> dict[str, Any]:
    answer = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert answer.returncode == 0, answer.stderr[-3000:]
    lines = answer.stdout.strip().splitlines()
    assert len(lines) == 1, answer.stdout  # one JSON object, nothing else
    figures: dict[str, Any] = json.loads(lines[0])
    return figures
