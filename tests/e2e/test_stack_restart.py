"""`make run` twice: a round started with the README's command is found in the Web UI by
RoundPhase, and after a restart of the whole stack it is still there, still waiting."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from medborgarbudget.stack import LocalStack, free_ports

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]
ROOT = Path(__file__).resolve().parents[2]


def _cli(stack: LocalStack, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **stack.env()}
    command = [str(Path(sys.executable).parent / "medborgarbudget"), *args]
    return subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def _temporal_start(
    stack: LocalStack, round_id: str, config_file: Path
) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).parent / "temporal"), "workflow", "start",
        "--address", stack.temporal_address,
        "--type", "BudgetRoundWorkflow", "--task-queue", "medborgarbudget",
        "--workflow-id", round_id, "--input-file", str(config_file),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def _ui_search(stack: LocalStack, query: str, expected: int) -> list[dict[str, object]]:
    """The Web UI's own HTTP API, as the browser uses it; visibility lags a moment."""
    url = f"http://{stack.host}:{stack.ports.ui}/api/v1/namespaces/default/workflows"
    deadline = time.monotonic() + 30
    while True:
        executions = httpx.get(url, params={"query": query}, timeout=5).json().get("executions", [])
        if len(executions) >= expected or time.monotonic() > deadline:
            return list(executions)
        time.sleep(0.5)


def test_round_survives_a_restart_and_is_found_by_phase(
    tmp_path: Path, service_databases: dict[str, str]
) -> None:
    first = LocalStack(data_dir=tmp_path, ports=free_ports(), database_urls=service_databases)
    first.start(timeout=120)
    try:
        started = _cli(first, "round", "start", "rounds/example-round.json")
        assert started.returncode == 0, started.stderr
        # The README's second way: the temporal CLI with the same kind of JSON file.
        config = json.loads((ROOT / "rounds/example-round.json").read_text())
        config_file = tmp_path / "round.json"
        config_file.write_text(json.dumps({**config, "id": "are-2028"}), encoding="utf-8")
        temporal = _temporal_start(first, "are-2028", config_file)
        assert temporal.returncode == 0, temporal.stderr
        found = _ui_search(first, 'RoundPhase = "INTAKE" AND Kommun = "Åre"', expected=2)
        assert sorted(e["execution"]["workflowId"] for e in found) == [  # type: ignore[index]
            "are-2027",
            "are-2028",
        ]
    finally:
        first.stop()

    # The same data, fresh ports: what persists is the state, not the sockets.
    second = LocalStack(data_dir=tmp_path, ports=free_ports(), database_urls=service_databases)
    second.start(timeout=120)
    try:
        status = _cli(second, "round", "status", "are-2027", "--json")
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout)["phase"] == "INTAKE"
        listed = _cli(second, "round", "list", "--phase", "INTAKE")
        assert "are-2027" in listed.stdout and "are-2028" in listed.stdout
        again = _cli(second, "round", "start", "rounds/example-round.json")
        assert again.returncode != 0
        assert "are-2027" in again.stderr
    finally:
        second.stop()
