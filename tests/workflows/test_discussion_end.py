"""The proposals' threads close when the round ends by any path (issue 23): voting closing
(tested with the round), a round that ends before voting, and a cancelled round, in whatever
phase, before the services archive it. A round cancelled before intake opened has no threads:
intake's refusal is the answer, and the round still ends ``CANCELLED``."""

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import DAY, REPLAYER, reach, round_config, run_to_assessment, update
from workflows.messages.round import RoundPhase
from workflows.messages.updates import RoundCancellation
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]
CANCEL = RoundCancellation(
    reason="Kommunfullmäktige drog in anslaget i budgetrevisionen.", cancelled_by="Olof Ägare"
)


async def test_a_round_cancelled_during_assessment_closes_its_threads_before_archiving(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_assessment(env, handle)
    assert "intake_close_discussion" not in fakes.names()

    await update(handle, BudgetRoundWorkflow.cancel_round, CANCEL)
    outcome = await handle.result()

    assert outcome.phase == RoundPhase.CANCELLED
    names = fakes.names()
    [closed] = fakes.args("intake_close_discussion")
    assert closed.round_id == config.id
    assert names.index("intake_close_discussion") < names.index("archive_in_service")
    await REPLAYER.replay_workflow(await handle.fetch_history())


async def test_a_round_cancelled_before_intake_opened_ends_although_intake_has_no_threads(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await reach(handle, RoundPhase.PREPARING)

    await update(handle, BudgetRoundWorkflow.cancel_round, CANCEL)
    outcome = await handle.result()

    assert outcome.phase == RoundPhase.CANCELLED
    assert "intake_open_round" not in fakes.names()
    assert len(fakes.args("intake_close_discussion")) == 1  # refused: no round in intake
    assert len(fakes.args("archive_in_service")) == 4
    await REPLAYER.replay_workflow(await handle.fetch_history())


async def test_a_round_without_proposals_closes_its_threads_when_it_ends(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    fakes.proposal_ids = []
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    outcome = await handle.result()

    assert outcome.phase == RoundPhase.COMPLETED
    assert fakes.names()[-2:] == ["intake_close_round", "intake_close_discussion"]
    await REPLAYER.replay_workflow(await handle.fetch_history())
