"""The follow-up measurement a year after completion, on the time-skipping server: the round
stays open after its evaluation until every follow-up is measured or closed, reminding and
escalating like every other wait."""

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import pytest_asyncio
from temporalio import activity
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    WORKFLOWS,
    council_decision,
    eventually,
    projects_started,
    reach,
    round_config,
    run_to_council_decision,
    status_when,
)
from workflows.follow_up_workflow import FollowUpWorkflow, follow_up_id
from workflows.messages.follow_up import FollowUpDue, FollowUpOpening, FollowUpState
from workflows.messages.round import RoundPhase
from workflows.messages.services import Notification, RoundRef
from workflows.project_workflow import ProjectWorkflow
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(90)]
YEAR = timedelta(days=365)


class FollowUpFakes(FakeServices):
    """The decision service's follow-ups: one per completed project, due a year after."""

    def __init__(self) -> None:
        super().__init__()
        self.state = FollowUpState()

    @activity.defn(name="decision_open_follow_ups")
    async def decision_open_follow_ups(self, opening: FollowUpOpening) -> FollowUpState:
        self._record(opening)
        scheduled = activity.info().current_attempt_scheduled_time
        due = scheduled + opening.measure_after
        self.state = FollowUpState(total=2, pending=2, due_at=due, next_due_at=due)
        return self.state

    @activity.defn(name="decision_follow_ups_due")
    async def decision_follow_ups_due(self, due: FollowUpDue) -> FollowUpState:
        self._record(due)
        self.state = self.state.model_copy(update={"next_due_at": None})
        return self.state

    @activity.defn(name="decision_follow_up_state")
    async def decision_follow_up_state(self, ref: RoundRef) -> FollowUpState:
        self._record(ref)
        return self.state


@pytest_asyncio.fixture(loop_scope="session")
async def follow_up_worker(env: WorkflowEnvironment) -> AsyncIterator[tuple[Worker, FollowUpFakes]]:
    fakes = FollowUpFakes()
    async with _worker(env.client, fakes) as running:
        yield running, fakes


def _worker(client: Client, fakes: FollowUpFakes) -> Worker:
    return Worker(
        client,
        task_queue=f"tq-{uuid.uuid4().hex}",
        workflows=[*WORKFLOWS, FollowUpWorkflow],
        activities=fakes.all(),
    )


async def test_round_completes_only_when_the_year_later_follow_ups_are_in(
    env: WorkflowEnvironment, follow_up_worker: tuple[Worker, FollowUpFakes]
) -> None:
    worker, fakes = follow_up_worker
    config = await round_config(env, owner="Olle Ägare", follow_up={"measure_after": "P365D"})
    assert config.id is not None
    handle = await start_round(
        env.client, config, worker.task_queue, execution_timeout=timedelta(days=800)
    )
    await run_to_council_decision(env, handle, fakes)
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)
    for project_id in (13, 11):
        child_id = f"{config.id}.project-{project_id}"
        child = env.client.get_workflow_handle_for(ProjectWorkflow.run, child_id)
        done = {"summary": "Klart och invigt.", "spent": 90_000, "reported_by": "Per Ek"}
        await child.signal("report_done", done)
    await status_when(handle, lambda s: s.counts.projects_done == 2, "projects done")
    await skip_to(env, config.timeline.evaluation_at)
    await reach(handle, RoundPhase.EVALUATION)
    report = {"summary": "Fler lokala företag deltog.", "submitted_by": "Eva Lund"}
    await handle.signal("submit_evaluation", report)

    follow_up = follow_up_id(config.id)
    await eventually(lambda: "decision_open_follow_ups" in fakes.names(follow_up), "opened")
    [opening] = fakes.args("decision_open_follow_ups")
    assert opening.measure_after == YEAR
    status = await handle.query(BudgetRoundWorkflow.status)
    assert status.phase == RoundPhase.EVALUATION
    assert "uppföljningsmätningarna" in status.waiting_for

    # Twelve months later: reminded before, overdue at the date, escalated to the owner.
    assert fakes.state.due_at is not None
    await skip_to(env, fakes.state.due_at + timedelta(days=15))

    def notices() -> list[Notification]:
        sent = fakes.args("notify")
        return [n for n in sent if "uppföljningsmätningarna" in n.subject]

    await eventually(lambda: len(notices()) == 3, "reminder, overdue notice and escalation")
    subjects = [n.subject.split(":")[0] for n in notices()]
    assert subjects == ["Påminnelse", "Försenat", "Eskalering"]
    assert notices()[2].recipients == "Olle Ägare"
    # The workflow opened the follow-ups for measuring when its clock reached their date.
    [opened] = fakes.args("decision_follow_ups_due")
    assert isinstance(opened, FollowUpDue) and opened.as_of >= fakes.state.due_at

    # One measured, then the other closed with a reason: the decision service signals each.
    handle_follow_up = env.client.get_workflow_handle(follow_up)
    fakes.state = fakes.state.model_copy(update={"pending": 1})
    await handle_follow_up.signal(FollowUpWorkflow.follow_up_changed)
    await eventually(lambda: fakes.names(follow_up).count("decision_follow_up_state") == 1, "asked")
    assert (await handle.query(BudgetRoundWorkflow.status)).phase == RoundPhase.EVALUATION
    fakes.state = fakes.state.model_copy(update={"pending": 0})
    await handle_follow_up.signal(FollowUpWorkflow.follow_up_changed)
    outcome = await handle.result()
    assert outcome.phase == RoundPhase.COMPLETED
