"""The generic reminders (workflows/reminders.py) in the phases that wait for people: ballot
approval and evaluation on the time-skipping server, the plan and the project alerts alone."""

from datetime import UTC, datetime, timedelta

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    BALLOT_APPROVAL,
    DAY,
    council_decision,
    eventually,
    projects_started,
    reach,
    round_config,
    run_to_ballot_approval,
    run_to_council_decision,
    status_when,
    update,
)
from workflows.config import ReminderSettings
from workflows.messages.projects import ProjectInput
from workflows.messages.round import RoundPhase
from workflows.messages.updates import DeadlineExtension
from workflows.project_plan import ProjectPlan
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round
from workflows.waiting.reminders import Checkpoint, plan

DUE = datetime(2027, 3, 1, 12, tzinfo=UTC)


def _notices(fakes: FakeServices, count: int) -> bool:
    return len(fakes.args("notify")) == count


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.timeout(60)
async def test_ballot_approval_reminds_escalates_and_replans_for_a_moved_deadline(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env, owner="Olof Ägare", approvers=["Anna Andersson"])
    opens = config.timeline.voting_opens_at
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_ballot_approval(env, handle, fakes)

    await skip_to(env, opens - 7 * DAY)
    await eventually(lambda: _notices(fakes, 1), "the reminder")
    await skip_to(env, opens)
    await eventually(lambda: _notices(fakes, 2), "the overdue notice")
    await skip_to(env, opens + 2 * DAY)
    await eventually(lambda: _notices(fakes, 3), "the escalation")
    moved = opens + 10 * DAY
    request = DeadlineExtension(
        phase="BALLOT_APPROVAL",
        until=moved.isoformat(),
        reason="Röstsedeln väntar på juridisk granskning.",
        requested_by="Olof Ägare",
    )
    await update(handle, BudgetRoundWorkflow.extend_deadline, request)
    await skip_to(env, moved - 7 * DAY)
    await eventually(lambda: _notices(fakes, 4), "the reminder for the new deadline")
    await handle.signal("approve_ballot", BALLOT_APPROVAL)
    await eventually(lambda: "voting_define_ballot" in fakes.names(), "the ballot")
    await skip_to(env, moved)
    await reach(handle, RoundPhase.VOTING)

    before, overdue, escalation, again = fakes.args("notify")
    assert (before.recipients, before.kind) == ("Anna Andersson", "reminder")
    assert before.subject.startswith("Påminnelse: godkännandet av röstsedeln senast ")
    assert (overdue.subject, overdue.kind) == ("Försenat: godkännandet av röstsedeln", "reminder")
    assert (escalation.recipients, escalation.kind) == ("Olof Ägare", "escalation")
    assert again.subject.startswith("Påminnelse") and again.sent_at >= moved - 7 * DAY
    [ballot] = fakes.args("voting_define_ballot")
    assert ballot.opens_at == moved


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.timeout(60)
async def test_evaluation_reminds_before_its_deadline_which_can_move(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env, follow_up={"evaluation_period": "P30D"})
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 500)
    await run_to_council_decision(env, handle, fakes)
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)
    for project_id in (13, 11):
        child = env.client.get_workflow_handle(f"{config.id}.project-{project_id}")
        await child.signal("report_done", {"summary": "Klart.", "spent": 1, "reported_by": "Per"})
    await status_when(handle, lambda s: s.counts.projects_done == 2, "projects done")
    await skip_to(env, config.timeline.evaluation_at)
    opened = await reach(handle, RoundPhase.EVALUATION)
    deadline = opened.phase_deadline
    assert deadline is not None
    sent = len(fakes.args("notify"))

    await skip_to(env, deadline - 14 * DAY)
    await eventually(lambda: _notices(fakes, sent + 1), "the reminder")
    request = DeadlineExtension(
        phase="EVALUATION",
        until=(deadline + 10 * DAY).isoformat(),
        reason="Utvärderaren behöver mer tid.",
        requested_by="Eva Lund",
    )
    await update(handle, BudgetRoundWorkflow.extend_deadline, request)
    await skip_to(env, deadline + DAY)
    assert (await handle.query(BudgetRoundWorkflow.status)).phase == RoundPhase.EVALUATION
    await skip_to(env, deadline + 10 * DAY)
    outcome = await handle.result()

    reminder = fakes.args("notify")[sent]
    assert reminder.subject.startswith("Påminnelse: uppföljningens slutsatser senast ")
    assert outcome.phase == RoundPhase.COMPLETED
    closing = fakes.args("decision_record_evaluation")[-1]
    assert (closing.status, closing.deadline) == ("expired", deadline + 10 * DAY)


def test_the_plan_has_reminder_overdue_and_escalation_in_time_order() -> None:
    settings = ReminderSettings(before=timedelta(days=5), escalate_after=timedelta(days=3))

    planned = plan(DUE, settings, DUE - timedelta(days=30))
    late = plan(DUE, settings, DUE - timedelta(days=1))
    ending = plan(DUE, settings, DUE - timedelta(days=30), ends_at_deadline=True)

    assert planned == [
        Checkpoint(DUE - timedelta(days=5), "reminder"),
        Checkpoint(DUE, "overdue"),
        Checkpoint(DUE + timedelta(days=3), "escalation"),
    ]
    assert [c.kind for c in late] == ["overdue", "escalation"]
    assert ending == [Checkpoint(DUE - timedelta(days=5), "reminder")]


def test_projects_of_live_rounds_are_reminded_before_each_date() -> None:
    project = ProjectInput(
        round_id="are-2027",
        project_id=13,
        approved_cost=300_000,
        due_at=DUE,
        remind_before=timedelta(days=7),
        escalate_to="Olof Ägare",
    )
    older = project.model_copy(update={"remind_before": None})

    alerts = ProjectPlan(project).take_due_alerts(DUE - timedelta(days=7))

    assert [(a.kind, a.at) for a in alerts] == [("reminder", DUE - timedelta(days=7))]
    assert alerts[0].subject.startswith("Projekt 13: hela projektet ska vara klart 2027-03-01")
    assert ProjectPlan(older).next_alert_at() == DUE
    # A date that was already closer than seven days when it became known: no early reminder.
    assert ProjectPlan(project, started_at=DUE - timedelta(days=3)).next_alert_at() == DUE
