"""Replays recorded histories against the current code.

Rounds run for a year, so a worker with new code must replay the histories of rounds started
by old code. Each file here is a history of a whole round (and its projects) on the test server
(``(await handle.fetch_history()).to_json()``): v1 from ``test_year_long_round_walks_every_phase``,
v2 with the diarium, milestones, a cancelled project and the evaluation report. Keep the old
files and add new ones when the workflow changes, guarding changes with ``workflow.patched``.
"""

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory

from tests.workflows.helpers import REPLAYER

HISTORIES = sorted((Path(__file__).parent / "histories").glob("*.json"))


@pytest.mark.parametrize("path", HISTORIES, ids=[path.stem for path in HISTORIES])
async def test_recorded_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    await REPLAYER.replay_workflow(history)
