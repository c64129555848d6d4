"""The Temporal Web UI as the operations console, on the real dev server with its UI: a round
run to BALLOT_APPROVAL is found by RoundPhase and shows its summary through the UI's own HTTP
API; its deadline moves with the CLI (a refused change leaves no event), and a cancelled round
is archived by the services, which then refuse writes."""

import asyncio
import base64
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from medborgarbudget.stack import LocalStack
from services.common.auth import Role
from tests.e2e.driver import RoundDriver, bearer, connect
from tests.e2e.proposals_and_assessment import ROUND_RULES, assess_proposals, submit_proposals
from workflows.config import RoundConfig
from workflows.starter import start_round

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]
ROOT = Path(__file__).resolve().parents[2]
ROUND_ID = "e2e-ops"


def _cli(stack: LocalStack, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **stack.env()}
    command = [str(Path(sys.executable).parent / "medborgarbudget"), "round", *args]
    return subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def _ui(stack: LocalStack, path: str, **params: str) -> Any:
    url = f"http://{stack.host}:{stack.ports.ui}/api/v1/namespaces/default{path}"
    answer = httpx.get(url, params=params, timeout=5)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def _found_by_phase(stack: LocalStack, phase: str) -> list[str]:
    """Visibility lags a moment behind the workflow; bounded."""
    for _ in range(60):
        executions = _ui(stack, "/workflows", query=f'RoundPhase = "{phase}"').get("executions")
        ids = [e["execution"]["workflowId"] for e in executions or []]
        if ROUND_ID in ids:
            return ids
        await asyncio.sleep(0.5)
    raise AssertionError(f"{ROUND_ID} not found by RoundPhase = {phase}")


def _text(payload: dict[str, Any]) -> str:
    decoded: str = json.loads(base64.b64decode(payload["data"]))
    return decoded


def _config(now: datetime) -> RoundConfig:
    offsets = [
        ("intake_closes_at", 6),
        ("assessment_due_at", 13),
        ("voting_opens_at", 3600),
        ("voting_closes_at", 7200),
        ("council_decision_due_at", 9000),
        ("implementation_due_at", 10000),
        ("evaluation_at", 11000),
    ]
    return RoundConfig.model_validate(
        {
            "id": ROUND_ID,
            "kommun": "Åre",
            "title": "Driftomgång",
            "budget": 160_000,
            "max_proposal_cost": 150_000,
            **ROUND_RULES,
            "timeline": {k: (now + timedelta(seconds=s)).isoformat() for k, s in offsets},
        }
    )


async def test_the_ui_finds_the_round_by_phase_and_staff_move_and_cancel_it(
    stack: LocalStack,
) -> None:
    client = await connect(stack)
    now = datetime.now(UTC)
    handle = await start_round(client, _config(now), task_queue="medborgarbudget")
    driver = RoundDriver(stack, handle)
    try:
        await driver.wait_for_phase("INTAKE", timeout=20)
        ids = await submit_proposals(driver)
        await driver.wait_for_phase("ASSESSMENT", timeout=30)
        await assess_proposals(driver, ids)
        await driver.wait_for_phase("BALLOT_APPROVAL", timeout=30)

        assert ROUND_ID in await _found_by_phase(stack, "BALLOT_APPROVAL")
        described = _ui(stack, f"/workflows/{ROUND_ID}")
        metadata = described["executionConfig"]["userMetadata"]
        assert _text(metadata["summary"]) == "Åre: Driftomgång (160 000 kr)"
        assert "| röstningen öppnar |" in _text(metadata["details"])

        until = (now + timedelta(hours=1, minutes=30)).isoformat()
        moved = _cli(
            stack, "extend-deadline", ROUND_ID, "--phase", "BALLOT_APPROVAL",
            "--until", until, "--reason", "Röstsedeln granskas juridiskt.", "--by", "Olof Ägare",
        )  # fmt: skip
        assert moved.returncode == 0, moved.stderr
        assert "Ny tidsgräns för Beslut om röstsedel" in moved.stdout
        status = await driver.wait_for_phase("BALLOT_APPROVAL")
        assert datetime.fromisoformat(status["phase_deadline"]) == datetime.fromisoformat(until)

        events = len((await handle.fetch_history()).events)
        refused = _cli(
            stack, "extend-deadline", ROUND_ID, "--phase", "INTAKE",
            "--until", until, "--reason", "För sent.", "--by", "Olof Ägare",
        )  # fmt: skip
        assert refused.returncode == 1
        assert "redan avslutad" in refused.stderr
        assert len((await handle.fetch_history()).events) == events

        cancelled = _cli(
            stack, "cancel", ROUND_ID, "--reason", "Anslaget drogs in av fullmäktige.",
            "--by", "Olof Ägare",
        )  # fmt: skip
        assert cancelled.returncode == 0, cancelled.stderr
        outcome = await asyncio.wait_for(handle.result(), timeout=30)
        assert outcome.phase == "CANCELLED"
        assert ROUND_ID in await _found_by_phase(stack, "CANCELLED")
        official = bearer(Role.OFFICIAL, "official-1", name="Anna Berg")
        answer = await driver.http.post(
            driver.url("decision", "/ballot-approval"), headers=official, json={"comment": "OK"}
        )
        assert answer.status_code == 409, answer.text
        assert answer.json()["type"].endswith("/round-archived")
    finally:
        await driver.close()
