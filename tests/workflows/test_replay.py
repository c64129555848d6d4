"""Replays the recorded histories against the current code (docs/versioning.md).

Rounds run for a year, so a worker with new code must replay the histories of rounds started
by older code. ``tests/histories/`` holds one set per release, each a whole round with its
implementation workflow and projects on the test server (``record_round``); ``v1`` is the
first release's. A release that changes workflow code guards the change with
``workflow.patched`` and adds its own set next to the old ones.

``MB_RECORD_HISTORY=v2 pytest tests/workflows/test_replay.py -k record`` records the current
code's round as ``replay-v2-*.json``.
"""

import os
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import REPLAYER
from tests.workflows.recorded_round import record_round

HISTORY_DIR = Path(__file__).resolve().parents[1] / "histories"
HISTORIES = sorted(HISTORY_DIR.glob("*.json"))
RECORD = os.environ.get("MB_RECORD_HISTORY", "")


def load(path: Path) -> WorkflowHistory:
    """The file's stem is the workflow id it was recorded under."""
    return WorkflowHistory.from_json(path.stem, path.read_text())


@pytest.mark.parametrize("path", HISTORIES, ids=[path.stem for path in HISTORIES])
async def test_recorded_history_replays(path: Path) -> None:
    await REPLAYER.replay_workflow(load(path))


def test_the_first_release_is_kept_whole() -> None:
    v1 = {path.stem for path in HISTORIES if path.stem.startswith("replay-v1-")}
    assert v1 == {
        "replay-v1-round",
        "replay-v1-round.implementation",
        "replay-v1-round.project-11",
        "replay-v1-round.project-13",
    }


@pytest.mark.skipif(not RECORD, reason="set MB_RECORD_HISTORY=vN to record a new history")
@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.timeout(120)
async def test_record_a_round(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    histories = await record_round(env, fakes, worker, f"replay-{RECORD}-round")
    for name, history in histories.items():
        (HISTORY_DIR / f"replay-{RECORD}-{name}.json").write_text(history.to_json())
        await REPLAYER.replay_workflow(history)
