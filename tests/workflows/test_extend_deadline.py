"""``extend_deadline``: the running wait takes the new deadline, later phases use theirs, the
service holding the date is told, and a refused update leaves no trace in the history."""

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    BALLOT_APPROVAL,
    DAY,
    approve_and_vote,
    council_decision,
    current_details,
    eventually,
    projects_started,
    reach,
    round_config,
    run_to_ballot_approval,
    run_to_council_decision,
    search_attributes,
    update,
)
from workflows.messages.round import RoundPhase
from workflows.messages.updates import DeadlineExtension
from workflows.project_workflow import ProjectWorkflow
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round

WORKFLOW_TASK_EVENTS = {
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
}
pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]


def extension(phase: str, until: datetime | str, **changes: str) -> DeadlineExtension:
    fields = {
        "phase": phase,
        "until": until if isinstance(until, str) else until.isoformat(),
        "reason": "Få förslag har kommit in; vi förlänger efter beslut i nämnden.",
        "requested_by": "Olof Ägare",
    }
    return DeadlineExtension.model_validate(fields | changes)


async def extend(handle: WorkflowHandle[Any, Any], request: DeadlineExtension) -> Any:
    return await update(handle, BudgetRoundWorkflow.extend_deadline, request)


async def test_the_running_intake_wait_takes_the_new_deadline_and_later_phases_theirs(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    timeline = config.timeline
    assert config.id is not None and timeline.intake_opens_at is not None
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await skip_to(env, timeline.intake_opens_at)
    await reach(handle, RoundPhase.INTAKE)

    new_close = timeline.intake_closes_at + 10 * DAY
    answer = await extend(handle, extension("intake", new_close))
    later_decision = timeline.council_decision_due_at + 20 * DAY
    await extend(handle, extension("COUNCIL_DECISION", later_decision))

    assert (answer.phase, answer.deadline) == (RoundPhase.INTAKE, new_close)
    assert answer.timeline.intake_closes_at == new_close
    assert answer.timeline.assessment_due_at == timeline.assessment_due_at
    [moved] = fakes.args("reschedule_in_service")
    assert (moved.service, moved.path, moved.revision) == ("intake", f"/rounds/{config.id}", 1)
    assert datetime.fromisoformat(moved.body["intake_closes_at"]) == new_close
    attributes = await search_attributes(env.client, config.id)
    assert datetime.fromisoformat(attributes["PhaseDeadline"]) == new_close
    status = await handle.query(BudgetRoundWorkflow.status)
    assert status.phase_deadline == new_close
    assert [c.phase for c in status.deadline_changes] == ["INTAKE", "COUNCIL_DECISION"]
    assert status.deadline_changes[0].previous == timeline.intake_closes_at
    assert "Olof Ägare" in await current_details(handle)

    await skip_to(env, timeline.intake_closes_at + DAY)
    assert (await handle.query(BudgetRoundWorkflow.status)).phase == RoundPhase.INTAKE
    assert "intake_close_round" not in fakes.names()
    await skip_to(env, new_close)
    await reach(handle, RoundPhase.ASSESSMENT)

    fakes.assessment_complete = True
    await handle.signal(BudgetRoundWorkflow.assessment_complete)
    status = await approve_and_vote(
        env, handle, fakes, await reach(handle, RoundPhase.BALLOT_APPROVAL)
    )
    assert status.phase_deadline == later_decision
    attributes = await search_attributes(env.client, config.id)
    assert datetime.fromisoformat(attributes["PhaseDeadline"]) == later_decision


@pytest.mark.parametrize(
    ("request_changes", "message"),
    [
        ({"phase": "PREPARING"}, "redan avslutad"),
        ({"phase": "TALLYING"}, "ingen tidsgräns"),
        ({"phase": "SOMMARLOV"}, "Okänd fas"),
        ({"until": "nästa vecka"}, "ingen tidpunkt"),
        ({"until": "2020-01-01T00:00:00+00:00"}, "i framtiden"),
        ({"until": "+400d"}, "fel ordning"),
        # A far date used to pass, then overflow Swedish time inside the workflow task.
        ({"phase": "EVALUATION", "until": "9999-12-31T23:59:59+00:00"}, "utanför det tillåtna"),
        ({"reason": " "}, "skäl"),
        ({"requested_by": ""}, "vem som begär"),
    ],
)
async def test_a_refused_extension_says_why_and_leaves_no_trace(
    env: WorkflowEnvironment,
    fakes: FakeServices,
    worker: Worker,
    request_changes: dict[str, str],
    message: str,
) -> None:
    config = await round_config(env)
    timeline = config.timeline
    assert timeline.intake_opens_at is not None
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await skip_to(env, timeline.intake_opens_at)
    await reach(handle, RoundPhase.INTAKE)
    await eventually(lambda: "intake_open_round" in fakes.names(), "intake opened")
    before = len((await handle.fetch_history()).events)
    if request_changes.get("until") == "+400d":  # past every later milestone
        request_changes = {"until": (timeline.intake_closes_at + timedelta(days=400)).isoformat()}
    fields = {"phase": "INTAKE", "until": (timeline.intake_closes_at + DAY).isoformat()}
    request = extension(**(fields | request_changes))

    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await extend(handle, request)

    assert message in str(refused.value.cause)
    # The time-skipping server runs the validator in an ordinary workflow task (the dev server
    # and production discard it, see tests/e2e); nothing of the update itself is recorded.
    added = [event.event_type for event in (await handle.fetch_history()).events][before:]
    assert set(added) <= WORKFLOW_TASK_EVENTS
    status = await handle.query(BudgetRoundWorkflow.status)
    assert status.timeline == timeline and status.deadline_changes == []


async def test_an_earlier_deadline_ends_the_wait_without_waiting_for_the_old_one(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    timeline = config.timeline
    assert timeline.intake_opens_at is not None
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await skip_to(env, timeline.intake_opens_at)
    await reach(handle, RoundPhase.INTAKE)
    earlier = timeline.intake_opens_at + 20 * DAY

    await extend(handle, extension("INTAKE", earlier))
    await skip_to(env, earlier)
    status = await reach(handle, RoundPhase.ASSESSMENT)

    assert status.phase_deadline == timeline.assessment_due_at
    [entered] = [c for c in (await handle.query(BudgetRoundWorkflow.status)).deadline_changes]
    assert entered.deadline == earlier
    assert "intake_close_round" in fakes.names()


async def test_a_moved_implementation_deadline_reaches_the_running_projects(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_council_decision(env, handle, fakes)
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)
    later = config.timeline.implementation_due_at + 15 * DAY

    await extend(handle, extension("IMPLEMENTATION", later))

    for project_id in (13, 11):
        child = env.client.get_workflow_handle_for(
            ProjectWorkflow.run, f"{config.id}.project-{project_id}"
        )
        await eventually_due(child, later)


async def eventually_due(child: WorkflowHandle[Any, Any], due_at: datetime) -> None:
    for _ in range(100):
        if (await child.query(ProjectWorkflow.status)).due_at == due_at:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{child.id} kept its old due date")


async def test_running_voting_may_end_later_but_not_earlier(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """A failure on the last day (the identity provider down, say) may move the end of voting
    later; the voting service is told through its own path, since the ballot is frozen."""
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    status = await run_to_ballot_approval(env, handle, fakes)
    await handle.signal("approve_ballot", BALLOT_APPROVAL)
    await eventually(lambda: "voting_define_ballot" in fakes.names(), "the ballot")
    await skip_to(env, status.timeline.voting_opens_at)
    await reach(handle, RoundPhase.VOTING)
    closes = status.timeline.voting_closes_at

    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await extend(handle, extension("VOTING", closes - timedelta(hours=1)))
    assert "senare tidpunkt" in str(refused.value.cause)
    later = closes + 2 * DAY
    answer = await extend(handle, extension("VOTING", later))

    assert answer.timeline.voting_closes_at == later
    [moved] = fakes.args("reschedule_in_service")
    assert (moved.service, moved.path) == ("voting", f"/rounds/{config.id}/ballot/closing")
    assert datetime.fromisoformat(moved.body["closes_at"]) == later
    await skip_to(env, closes + DAY)
    assert (await handle.query(BudgetRoundWorkflow.status)).phase == RoundPhase.VOTING
    assert "voting_close" not in fakes.names()
    await skip_to(env, later)
    await reach(handle, RoundPhase.COUNCIL_DECISION)
