"""A project's milestones: reminders at their dates, escalation when still open after the
grace period, progress and money recorded, cancellation with a reason, bad input shown."""

import asyncio
from datetime import datetime
from typing import Any

import pytest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import DAY, eventually
from workflows.messages.projects import ProjectInput, ProjectStatus
from workflows.project_plan import ESCALATION_TO
from workflows.project_workflow import ProjectWorkflow

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]

Handle = WorkflowHandle[ProjectWorkflow, Any]


async def start_project(env: WorkflowEnvironment, worker: Worker, project_id: int) -> Handle:
    start = await env.get_current_time()
    project = ProjectInput(
        round_id="are-2027",
        project_id=project_id,
        approved_cost=80_000,
        due_at=start + 60 * DAY,
        escalate_after=7 * DAY,
    )
    return await env.client.start_workflow(
        ProjectWorkflow.run,
        project,
        id=f"are-2027.project-{project_id}",
        task_queue=worker.task_queue,
        execution_timeout=90 * DAY,
    )


def plan(start: datetime, *days: int) -> dict[str, Any]:
    """The signal as the decision service sends it: plain JSON."""
    titles = ["Bygglov", "Invigning", "Slutbesiktning"]
    return {
        "owner": "Per Ek",
        "milestones": [
            {"title": title, "planned_at": (start + day * DAY).isoformat()}
            for title, day in zip(titles, days, strict=False)
        ],
        "set_by": "Anna Berg",
    }


async def recorded(fakes: FakeServices, revision: int) -> Any:
    await eventually(
        lambda: len(fakes.args("decision_record_project")) >= revision, f"record {revision}"
    )
    return fakes.args("decision_record_project")[revision - 1]


async def status(handle: Handle) -> ProjectStatus:
    return await handle.query(ProjectWorkflow.status)


async def test_milestones_are_reminded_escalated_and_recorded(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    start = await env.get_current_time()
    handle = await start_project(env, worker, 21)
    await recorded(fakes, 1)
    await handle.signal("set_milestones", plan(start, 10, 30))
    planned = await recorded(fakes, 2)
    assert (planned.owner, [m.title for m in planned.milestones]) == (
        "Per Ek",
        ["Bygglov", "Invigning"],
    )

    await skip_to(env, start + 10 * DAY)
    late = await recorded(fakes, 3)
    assert (late.overdue, late.progress) == (True, 0)
    progress = {"completed_milestones": [1], "spent": 20_000, "note": "", "reported_by": "Per Ek"}
    await handle.signal("report_progress", progress)
    halfway = await recorded(fakes, 4)
    assert (halfway.overdue, halfway.progress, halfway.spent) == (False, 50, 20_000)
    assert halfway.milestones[0].done_at is not None

    await skip_to(env, start + 38 * DAY)  # Invigning: reminded at day 30, escalated at day 37
    await eventually(lambda: len(fakes.args("notify")) == 3, "the escalation")
    done = {"summary": "Invigt och klart.", "spent": 78_000, "reported_by": "Per Ek"}
    await handle.signal("report_done", done)
    outcome = await handle.result()

    assert (outcome.status, outcome.spent, outcome.summary) == ("done", 78_000, "Invigt och klart.")
    notices = fakes.args("notify")
    assert [(n.kind, n.key) for n in notices] == [
        ("reminder", "notice-1"),
        ("reminder", "notice-2"),
        ("escalation", "notice-3"),
    ]
    assert [n.recipients for n in notices] == ["Per Ek", "Per Ek", f"{ESCALATION_TO} (Per Ek)"]
    assert "delmål 2 (Invigning)" in notices[2].subject
    last = fakes.args("decision_record_project")[-1]
    assert (last.status, last.progress, last.overdue) == ("done", 100, False)
    assert [r.revision for r in fakes.args("decision_record_project")] == [1, 2, 3, 4, 5, 6, 7]


async def test_cancelled_project_ends_with_its_reason(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    handle = await start_project(env, worker, 22)
    await recorded(fakes, 1)
    await handle.signal("cancel_project", {"reason": "Kort.", "cancelled_by": "Anna Berg"})
    refused = await _rejected(handle)
    assert "motiveras" in refused
    reason = "Marken visade sig vara förorenad; ingen byggnation möjlig."
    await handle.signal("cancel_project", {"reason": reason, "cancelled_by": "Anna Berg"})
    outcome = await handle.result()
    assert (outcome.status, outcome.summary, outcome.reported_by) == (
        "cancelled",
        reason,
        "Anna Berg",
    )
    last = fakes.args("decision_record_project")[-1]
    assert (last.status, last.cancellation_reason) == ("cancelled", reason)
    assert "notify" not in fakes.names()


@pytest.mark.parametrize(
    ("signal", "payload", "problem"),
    [
        ("set_milestones", {"owner": "Per", "milestones": [], "set_by": "A"}, "1-30 delmål"),
        (
            "set_milestones",
            {
                "owner": "Per",
                "milestones": [{"title": "Bygglov", "planned_at": "1 okt"}],
                "set_by": "A",
            },
            "tidszon",
        ),
        (
            "set_milestones",
            {
                "owner": "Per",
                "milestones": [{"title": "Bygglov", "planned_at": "2027-10-01T12:00:00"}],
                "set_by": "A",
            },
            "tidszon",
        ),
        ("report_progress", {"completed_milestones": [5], "reported_by": "A"}, "finns inte"),
        ("report_progress", {"reported_by": "A"}, "varken"),
        ("report_done", {"summary": "ok", "spent": 5, "reported_by": "A"}, "sammanfattning"),
    ],
)
async def test_bad_reports_are_shown_and_change_nothing(
    env: WorkflowEnvironment,
    fakes: FakeServices,
    worker: Worker,
    signal: str,
    payload: dict[str, Any],
    problem: str,
) -> None:
    handle = await start_project(env, worker, 23)
    await recorded(fakes, 1)
    await handle.signal(signal, payload)
    assert problem in await _rejected(handle)
    assert len(fakes.args("decision_record_project")) == 1
    assert (await status(handle)).status == "in_progress"


async def _rejected(handle: Handle) -> str:
    for _ in range(200):
        shown = (await status(handle)).last_rejection
        if shown:
            return shown
        await asyncio.sleep(0.05)
    raise AssertionError("no rejection shown")
