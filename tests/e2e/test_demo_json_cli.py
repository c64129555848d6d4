"""`medborgarbudget demo FILE --json` as a command, against a stack of its own: stdout holds
exactly ONE JSON object with the issue's keys (progress and the table go to stderr), so a
script can read the outcome of a replay."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from medborgarbudget.demo_election import SHIPPED_FILE
from medborgarbudget.stack import LocalStack

KEYS = {"round_id", "phase", "wall_s", "ballots", "pots"}
POT_KEYS = {"file", "pot", "selected", "expected", "match"}


@pytest.mark.e2e
@pytest.mark.timeout(300)
def test_demo_json_prints_one_object_with_the_issues_keys(stack: LocalStack) -> None:
    command = Path(sys.executable).parent / "medborgarbudget"
    # Generous windows: the test shares two cores with other test runs.
    args = ["--clients", "8", "--ballot-rate", "40", "--pace", "1.5", "--round-id", "demo-json"]
    done = subprocess.run(
        [str(command), "demo", str(SHIPPED_FILE), "--json", *args],
        env=stack.env(),
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, done.stdout[-3000:]
    printed = json.loads(lines[0])
    assert isinstance(printed, dict) and set(printed) == KEYS
    assert (printed["round_id"], printed["phase"], printed["ballots"]) == (
        "demo-json",
        "COMPLETED",
        84,
    )
    assert isinstance(printed["wall_s"], int | float) and printed["wall_s"] > 0
    [pot] = printed["pots"]
    assert set(pot) == POT_KEYS
    assert (pot["file"], pot["match"]) == (SHIPPED_FILE.name, True)
    assert (
        pot["selected"]
        == pot["expected"]
        == sorted(["2", "3", "5", "6", "9", "11", "12", "13", "14"])
    )
    # The progress and the table went to stderr, not into the object.
    assert "demo-json" in done.stderr
