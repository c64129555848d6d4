"""A project on its own: recorded as started, reminded once when overdue (and recorded so),
recorded as done, with when it was done by the workflow's clock."""

from datetime import UTC, datetime

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import DAY, current_details, eventually
from workflows.messages.projects import ProjectDone, ProjectInput, ProjectOutcome
from workflows.project_workflow import ProjectWorkflow

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]
ProjectHandle = WorkflowHandle[ProjectWorkflow, ProjectOutcome]


async def _start(env: WorkflowEnvironment, worker: Worker, project: ProjectInput) -> ProjectHandle:
    return await env.client.start_workflow(
        ProjectWorkflow.run,
        project,
        id=f"{project.round_id}.project-{project.project_id}",
        task_queue=worker.task_queue,
        execution_timeout=60 * DAY,
    )


async def test_overdue_project_is_reminded_then_recorded_done(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    due_at = await env.get_current_time() + 30 * DAY
    project = ProjectInput(round_id="are-2027", project_id=7, approved_cost=80_000, due_at=due_at)
    handle = await _start(env, worker, project)
    await eventually(lambda: "decision_record_project" in fakes.names(), "project started")
    status = await handle.query(ProjectWorkflow.status)
    assert (status.status, status.overdue) == ("in_progress", False)

    await skip_to(env, due_at)
    await eventually(lambda: "notify" in fakes.names(), "the reminder")
    assert (await handle.query(ProjectWorkflow.status)).overdue

    invalid = ProjectDone(summary="Skyltarna är uppsatta.", spent=-1, reported_by="Per Ek")
    await handle.signal(ProjectWorkflow.report_done, invalid)
    done = ProjectDone(summary="Skyltarna är uppsatta.", spent=76_500, reported_by="Per Ek")
    await handle.signal(ProjectWorkflow.report_done, done)
    outcome = await handle.result()

    assert (outcome.spent, outcome.reported_by) == (76_500, "Per Ek")
    assert fakes.names("are-2027.project-7") == [
        "decision_record_project",
        "notify",
        "decision_record_project",
        "decision_record_project",
        "announce",  # residents who asked hear that it is done
    ]
    [done_notice] = fakes.args("announce")
    assert (done_notice.event, done_notice.ref) == ("project_done", "7")
    started, late, finished = fakes.args("decision_record_project")
    assert started.model_dump() == {
        "round_id": "are-2027",
        "project_id": 7,
        "revision": 1,
        "approved_cost": 80_000,
        "status": "in_progress",
        "summary": "",
        "spent": 0,
        "owner": "",
        "progress": 0,
        "overdue": False,
        "due_at": due_at,
        "cancellation_reason": "",
        "milestones": [],
        "done_at": None,
    }
    assert (late.revision, late.overdue, late.done_at) == (2, True, None)
    assert (finished.status, finished.summary, finished.spent) == (
        "done",
        "Skyltarna är uppsatta.",
        76_500,
    )
    [reminder] = fakes.args("notify")
    assert reminder.subject == "Projekt 7: hela projektet ska vara klart nu"
    assert (reminder.recipients, reminder.kind, reminder.key) == (
        "projektägaren",
        "reminder",
        "notice-1",
    )


async def test_a_report_that_comes_while_a_record_is_on_its_way_is_recorded_too(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """The second record is the one after the reminder seven days before the due date."""
    fakes.report_done_during_record = 2
    due_at = await env.get_current_time() + 10 * DAY
    project = ProjectInput(
        round_id="are-2027",
        project_id=8,
        approved_cost=80_000,
        due_at=due_at,
        remind_before=7 * DAY,
    )
    handle = await _start(env, worker, project)
    outcome = await handle.result()

    statuses = [r.status for r in fakes.args("decision_record_project")]
    assert statuses == ["in_progress", "in_progress", "done"]
    assert outcome.status == "done"


async def _task_after_last_signal(handle: ProjectHandle) -> datetime:
    """The start of the workflow task that took the last signal: its ``workflow.now()``."""
    events = [event async for event in handle.fetch_history_events()]
    signalled = max(
        n
        for n, e in enumerate(events)
        if e.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
    )
    started = next(
        e for e in events[signalled:] if e.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
    )
    return started.event_time.ToDatetime(tzinfo=UTC)


async def test_a_project_done_after_its_due_date_records_when_by_the_workflows_clock(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """Once done it is no longer overdue, so only ``done_at`` tells that it was late; it is
    the workflow's time, a skipped month ahead of the wall clock here."""
    due_at = await env.get_current_time() + 30 * DAY
    project = ProjectInput(round_id="are-2027", project_id=9, approved_cost=40_000, due_at=due_at)
    handle = await _start(env, worker, project)
    await eventually(lambda: "decision_record_project" in fakes.names(), "project started")
    await skip_to(env, due_at + 5 * DAY)
    await eventually(lambda: "notify" in fakes.names("are-2027.project-9"), "the reminder")
    done = ProjectDone(summary="Bryggan är byggd.", spent=39_000, reported_by="Per Ek")
    await handle.signal(ProjectWorkflow.report_done, done)
    outcome = await handle.result()

    *open_records, finished = fakes.args("decision_record_project")
    assert [r.done_at for r in open_records] == [None] * len(open_records)
    assert (finished.status, finished.overdue) == ("done", False)
    assert finished.done_at == await _task_after_last_signal(handle)
    assert due_at + 5 * DAY < finished.done_at <= outcome.completed_at
    assert finished.done_at > datetime.now(UTC) + 30 * DAY  # not the wall clock
    assert (await handle.query(ProjectWorkflow.status)).done_at == finished.done_at
    assert ", efter slutdatumet" in await current_details(handle)
