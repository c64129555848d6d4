"""``cancel_round``: the running phase and the projects stop, every service archives the
round, the people concerned are told, and the round ends ``CANCELLED``."""

import pytest
from temporalio.client import WorkflowExecutionStatus, WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    DAY,
    REPLAYER,
    council_decision,
    projects_started,
    reach,
    round_config,
    run_to_assessment,
    run_to_council_decision,
    search_attributes,
    update,
)
from workflows.messages.round import RoundPhase
from workflows.messages.updates import RoundCancellation
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]
REASON = "Kommunfullmäktige drog in anslaget i budgetrevisionen."
CANCEL = RoundCancellation(reason=REASON, cancelled_by="Olof Ägare")


async def test_a_cancelled_round_archives_everywhere_tells_people_and_ends_its_projects(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env, owner="Olof Ägare", approvers=["Anna Andersson"])
    assert config.id is not None
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_council_decision(env, handle, fakes)
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)

    status = await update(handle, BudgetRoundWorkflow.cancel_round, CANCEL)
    outcome = await handle.result()

    assert status.phase == RoundPhase.CANCELLED and status.cancellation == CANCEL
    assert outcome.phase == RoundPhase.CANCELLED
    assert "Genomförande" in outcome.summary and REASON in outcome.summary
    archived = fakes.args("archive_in_service")
    assert sorted(a.service for a in archived) == ["assessment", "decision", "intake", "voting"]
    assert {(a.reason, a.archived_by) for a in archived} == {(REASON, "Olof Ägare")}
    [notice] = [n for n in fakes.args("notify") if n.kind == "cancellation"]
    assert notice.recipients == "Olof Ägare, Anna Andersson, projektägarna"
    assert REASON in notice.message
    for project_id in (13, 11):
        child = env.client.get_workflow_handle(f"{config.id}.project-{project_id}")
        assert (await child.describe()).status == WorkflowExecutionStatus.CANCELED
    attributes = await search_attributes(env.client, config.id)
    assert attributes["RoundPhase"] == "CANCELLED" and "PhaseDeadline" not in attributes
    await REPLAYER.replay_workflow(await handle.fetch_history())


async def test_cancelling_needs_a_reason_and_stops_a_waiting_assessment(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_assessment(env, handle)

    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await update(
            handle,
            BudgetRoundWorkflow.cancel_round,
            RoundCancellation(reason="nej", cancelled_by="Bo"),
        )
    assert "skäl" in str(refused.value.cause)
    assert (await handle.query(BudgetRoundWorkflow.status)).phase == RoundPhase.ASSESSMENT

    await update(handle, BudgetRoundWorkflow.cancel_round, CANCEL)
    outcome = await handle.result()
    await skip_to(env, config.timeline.assessment_due_at + 10 * DAY)

    assert outcome.phase == RoundPhase.CANCELLED
    assert "assessment_close_round" not in fakes.names()
    assert len(fakes.args("archive_in_service")) == 4
    assert [n.kind for n in fakes.args("notify")] == ["cancellation"]
