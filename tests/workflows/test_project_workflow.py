"""A project on its own: recorded as started, reminded once when overdue (and recorded so),
recorded as done."""

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import DAY, eventually
from workflows.messages.projects import ProjectDone, ProjectInput
from workflows.project_workflow import ProjectWorkflow

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]


async def test_overdue_project_is_reminded_then_recorded_done(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    due_at = await env.get_current_time() + 30 * DAY
    project = ProjectInput(round_id="are-2027", project_id=7, approved_cost=80_000, due_at=due_at)
    handle = await env.client.start_workflow(
        ProjectWorkflow.run,
        project,
        id="are-2027.project-7",
        task_queue=worker.task_queue,
        execution_timeout=60 * DAY,
    )
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
    }
    assert (late.revision, late.overdue) == (2, True)
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
    handle = await env.client.start_workflow(
        ProjectWorkflow.run,
        project,
        id="are-2027.project-8",
        task_queue=worker.task_queue,
        execution_timeout=60 * DAY,
    )
    outcome = await handle.result()

    statuses = [r.status for r in fakes.args("decision_record_project")]
    assert statuses == ["in_progress", "in_progress", "done"]
    assert outcome.status == "done"
