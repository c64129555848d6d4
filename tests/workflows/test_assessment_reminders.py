"""Waiting for the assessment: assessors reminded before and at the due date, the round owner
escalated to after it, then rechecks until every proposal is assessed."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import DAY, eventually, reach, round_config, run_to_assessment
from tests.workflows.test_config import config
from workflows.messages.round import RoundPhase
from workflows.messages.workload import AssessmentProgress, AssessorLoad
from workflows.phases import assessment_notices as reminders
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round

DUE = datetime(2027, 5, 15, 21, 59, tzinfo=UTC)
PENDING = [AssessorLoad(name="Bo Berg", pending=3), AssessorLoad(name="Eva Ek", pending=1)]


def _progress(**changes: Any) -> AssessmentProgress:
    fields: dict[str, Any] = {
        "round_id": "are-2027",
        "status": "open",
        "total": 10,
        "assessed": 6,
        "feasible": 4,
        "complete": False,
        "unassigned": 2,
        "pending_assessors": PENDING,
    }
    return AssessmentProgress.model_validate(fields | changes)


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.timeout(60)
async def test_assessors_are_reminded_before_and_at_the_due_date_then_the_owner_is_told(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    fakes.pending_assessors = PENDING
    round_ = await round_config(env, owner="Olof Ägare")
    due_at = round_.timeline.assessment_due_at
    handle = await start_round(env.client, round_, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_assessment(env, handle)

    await skip_to(env, due_at - 7 * DAY)
    await eventually(lambda: len(fakes.args("notify")) == 1, "the reminder")
    status = await handle.query(BudgetRoundWorkflow.status)
    assert "försenat" not in status.waiting_for
    await skip_to(env, due_at)
    await eventually(lambda: len(fakes.args("notify")) == 2, "the overdue reminder")
    status = await handle.query(BudgetRoundWorkflow.status)
    assert "2 av 4 förslag är bedömda, försenat" in status.waiting_for
    await skip_to(env, due_at + 2 * DAY)
    await eventually(lambda: len(fakes.args("notify")) == 3, "the escalation")
    await skip_to(env, due_at + 3 * DAY)
    await eventually(lambda: fakes.names().count("assessment_progress") == 4, "a recheck")
    fakes.assessment_complete = True
    await skip_to(env, due_at + 4 * DAY)
    assert fakes.names().count("assessment_progress") == 4  # the interval has doubled
    await skip_to(env, due_at + 5 * DAY)
    await reach(handle, RoundPhase.BALLOT_APPROVAL)

    reminder, overdue, escalation = fakes.args("notify")
    assert (reminder.kind, reminder.recipients) == ("reminder", "Bo Berg, Eva Ek")
    assert reminder.subject.startswith("Påminnelse: bedömningen ska vara klar 2027-")
    assert "Kvar att bedöma: Bo Berg 3, Eva Ek 1." in reminder.message
    assert (overdue.kind, overdue.subject) == ("reminder", "Bedömningen är försenad")
    assert (escalation.kind, escalation.recipients) == ("escalation", "Olof Ägare")
    assert fakes.names().count("assessment_progress") == 5
    [setup] = fakes.args("assessment_open_round")
    assert setup.due_at == due_at


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.timeout(60)
async def test_a_round_assessed_in_time_sends_no_reminder(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    round_ = await round_config(env, assessment_reminder_before="P7D")
    handle = await start_round(env.client, round_, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_assessment(env, handle)
    await skip_to(env, round_.timeline.assessment_due_at - 8 * DAY)
    fakes.assessment_complete = True
    await handle.signal(BudgetRoundWorkflow.assessment_complete)

    await reach(handle, RoundPhase.BALLOT_APPROVAL)

    assert "notify" not in fakes.names()
    assert fakes.names().count("assessment_progress") == 1


def test_checkpoints_follow_the_config() -> None:
    round_ = config(assessment_reminder_before="P3D", assessment_escalation_after="P1D")
    early = DUE - timedelta(days=30)

    planned = reminders.checkpoints(round_, DUE, early)
    late_start = reminders.checkpoints(round_, DUE, DUE - timedelta(days=2))
    no_reminder = reminders.checkpoints(config(assessment_reminder_before="PT0S"), DUE, early)

    assert [(c.kind, c.at) for c in planned] == [
        ("reminder", DUE - timedelta(days=3)),
        ("overdue", DUE),
        ("escalation", DUE + timedelta(days=1)),
    ]
    assert (
        [c.kind for c in late_start] == [c.kind for c in no_reminder] == ["overdue", "escalation"]
    )


def test_notices_name_who_has_what_left_in_swedish_time() -> None:
    round_ = config(owner="Olof Ägare")

    reminder = reminders.notice("reminder", _progress(), round_, DUE)
    escalation = reminders.notice("escalation", _progress(), round_, DUE)

    assert reminder.recipients == "Bo Berg, Eva Ek"
    assert reminder.subject == "Påminnelse: bedömningen ska vara klar 2027-05-15 23:59 (svensk tid)"
    assert reminder.message == (
        "6 av 10 förslag är bedömda. Kvar att bedöma: Bo Berg 3, Eva Ek 1. "
        "2 förslag har ingen bedömare."
    )
    assert (escalation.recipients, escalation.kind) == ("Olof Ägare", "escalation")
    assert escalation.subject == "Bedömningen är försenad sedan 2027-05-15 23:59 (svensk tid)"


@pytest.mark.parametrize(
    ("changes", "recipients"),
    [({"approvers": ["Anna Berg"]}, "Anna Berg"), ({}, "omgångens ägare")],
)
def test_escalations_without_an_owner_go_to_the_approvers(
    changes: dict[str, Any], recipients: str
) -> None:
    notice = reminders.notice("escalation", _progress(), config(**changes), DUE)

    assert notice.recipients == recipients


def test_with_nobody_assigned_the_assessors_are_reminded_as_a_group() -> None:
    progress = _progress(pending_assessors=[], unassigned=4)

    notice = reminders.notice("overdue", progress, config(), DUE)

    assert notice.recipients == reminders.ASSESSORS
    assert notice.message == "6 av 10 förslag är bedömda. 4 förslag har ingen bedömare."
