"""The versioning rule (docs/versioning.md) on the v1 replay set: an example change
to the round's workflow code (tests/workflows/example_patch.py) replays the v1 histories when
it is guarded by ``workflow.patched``, and breaks them when it is not."""

from pathlib import Path

import pytest
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from tests.workflows.example_patch import PatchedRound, UnguardedRound
from tests.workflows.helpers import WORKFLOWS
from tests.workflows.test_replay import HISTORY_DIR, load
from workflows.round_workflow import BudgetRoundWorkflow

V1 = sorted(HISTORY_DIR.glob("replay-v1-*.json"))


def _replayer(round_workflow: type) -> Replayer:
    others = [w for w in WORKFLOWS if w is not BudgetRoundWorkflow]
    return Replayer(workflows=[round_workflow, *others], data_converter=pydantic_data_converter)


@pytest.mark.parametrize("path", V1, ids=[path.stem for path in V1])
async def test_a_change_guarded_by_patched_replays_every_v1_history(path: Path) -> None:
    await _replayer(PatchedRound).replay_workflow(load(path))


async def test_the_same_change_unguarded_breaks_the_v1_round() -> None:
    history = load(HISTORY_DIR / "replay-v1-round.json")

    result = await _replayer(UnguardedRound).replay_workflow(history, raise_on_replay_failure=False)

    assert result.replay_failure is not None
    assert "nondetermin" in str(result.replay_failure).lower()
