"""Far dates on the time-skipping server: refused by the update's validator or on decoding,
so no workflow task fails on them and the round keeps taking updates."""

from typing import Any

import pytest
from temporalio.client import WorkflowFailureError, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import DAY, current_details, reach, round_config, skip_to
from tests.workflows.test_extend_deadline import extend, extension
from workflows.messages.round import RoundPhase
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]
FAR = "9999-12-31T23:59:59+00:00"


async def test_an_evaluation_deadline_in_9999_is_refused_and_the_round_takes_the_next_update(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    timeline = config.timeline
    assert timeline.intake_opens_at is not None
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await skip_to(env, timeline.intake_opens_at)
    await reach(handle, RoundPhase.INTAKE)

    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await extend(handle, extension("EVALUATION", FAR))
    answer = await extend(handle, extension("INTAKE", timeline.intake_closes_at + DAY))

    assert "Tidpunkten 9999-12-31T23:59:59+00:00 ligger utanför" in str(refused.value.cause)
    assert answer.deadline == timeline.intake_closes_at + DAY
    assert "Ändrad tidsgräns: Förslagsinsamling" in await current_details(handle)


async def test_a_config_started_with_a_date_in_9999_fails_at_once_with_the_reason(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """As from the UI's Start Workflow form, where no client-side check runs."""
    config = await round_config(env)
    raw: dict[str, Any] = config.model_dump(mode="json")
    raw["timeline"]["evaluation_at"] = FAR
    handle = await env.client.start_workflow(
        "BudgetRoundWorkflow",
        raw,
        id=str(config.id),
        task_queue=worker.task_queue,
        execution_timeout=DAY,
    )

    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()

    cause = failure.value.cause
    assert isinstance(cause, ApplicationError)
    assert "Tidpunkten 9999-12-31T23:59:59+00:00 ligger utanför" in cause.message
    assert fakes.calls == []
