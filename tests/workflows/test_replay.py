"""Replays recorded histories against the current code.

Rounds run for a year, so a worker with new code must replay the histories of rounds started
by old code. Each file in ``tests/histories/`` is a history of a whole round (and its
projects) on the test server (``(await handle.fetch_history()).to_json()``): v1 from
``test_year_long_round_walks_every_phase``, v2 with the diarium, milestones, a cancelled
project and the evaluation report, v3 with the operations patch (generic reminders, a moved
intake deadline and a moved council deadline), v4 with the implementation workflow between
the round and its projects and the backed-off assessment recheck. Keep the old files and add
new ones when the workflow changes, guarding changes with ``workflow.patched`` (README,
"Safe evolution").

``MB_RECORD_HISTORY=v5 pytest tests/workflows/test_replay.py`` records the current code's round
as ``replay-v5-*.json`` (see ``record_round``).
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


@pytest.mark.parametrize("path", HISTORIES, ids=[path.stem for path in HISTORIES])
async def test_recorded_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    await REPLAYER.replay_workflow(history)


def test_every_version_is_kept() -> None:
    versions = {path.stem.split("-")[1] for path in HISTORIES}
    assert {"v1", "v2", "v3", "v4"} <= versions


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
