"""The round's other paths: assessment ending early or late, empty rounds, bad input."""

from typing import Any

import pytest
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    DAY,
    council_decision,
    eventually,
    projects_started,
    reach,
    round_config,
    run_to_assessment,
    run_to_ballot_approval,
    run_to_council_decision,
    status_when,
)
from workflows.messages.round import RoundPhase
from workflows.messages.signals import BallotApproval
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]


async def test_assessment_signal_is_only_a_hint(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """A signal while assessments are missing wakes the round, which checks and waits on."""
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_assessment(env, handle)
    await handle.signal(BudgetRoundWorkflow.assessment_complete)
    await eventually(lambda: "assessment_progress" in fakes.names(), "progress check")
    assert (await handle.query(BudgetRoundWorkflow.status)).phase == RoundPhase.ASSESSMENT

    fakes.assessment_complete = True
    await handle.signal(BudgetRoundWorkflow.assessment_complete)
    await reach(handle, RoundPhase.BALLOT_APPROVAL)
    assert fakes.names().count("assessment_progress") == 2
    assert "notify" not in fakes.names()


async def test_hint_during_a_progress_check_is_not_lost(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """The last assessment lands while the round is asking for progress: the round asks again
    at once instead of waiting for the due date."""
    fakes.finish_assessment_during_check = True
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_assessment(env, handle)
    await handle.signal(BudgetRoundWorkflow.assessment_complete)
    await reach(handle, RoundPhase.BALLOT_APPROVAL)
    assert fakes.names().count("assessment_progress") == 2
    assert await env.get_current_time() < config.timeline.assessment_due_at


async def test_round_without_proposals_completes_after_intake(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    fakes.proposal_ids = []
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    outcome = await handle.result()
    assert outcome.phase == RoundPhase.COMPLETED
    assert "Inga förslag" in outcome.summary
    assert [change.phase for change in outcome.phases] == [
        RoundPhase.PREPARING,
        RoundPhase.INTAKE,
        RoundPhase.COMPLETED,
    ]
    assert outcome.phases[-1].at >= config.timeline.intake_closes_at
    assert fakes.names() == [
        "decision_register_round",
        "intake_open_round",
        "intake_close_round",
        "intake_close_discussion",  # no voting will close the threads
    ]


async def test_round_without_feasible_proposals_ends_before_voting(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    fakes.feasible = {}
    fakes.assessment_complete = True
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    outcome = await handle.result()
    assert outcome.phases[-2].phase == RoundPhase.ASSESSMENT
    assert outcome.phase == RoundPhase.COMPLETED
    assert "genomförbart" in outcome.summary
    assert fakes.names()[-4:] == [
        "assessment_close_round",
        "deliver_merge_notices",
        "announce_assessment_outcomes",  # the proposers hear why, before the round ends
        "intake_close_discussion",  # no voting will close the threads
    ]


@pytest.mark.parametrize(
    ("milestone", "when", "message"),
    [
        ("voting_closes_at", None, "röstningen stänger (voting_closes_at) måste vara efter"),
        # A far date used to leave the round's workflow task failing on every retry.
        ("evaluation_at", "9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59+00:00 ligger utanför"),
    ],
)
async def test_a_bad_timeline_fails_fast_with_a_readable_message(
    env: WorkflowEnvironment,
    fakes: FakeServices,
    worker: Worker,
    milestone: str,
    when: str | None,
    message: str,
) -> None:
    """A config started as raw JSON (the UI's Start Workflow form) is checked on decoding."""
    config = await round_config(env)
    raw: dict[str, Any] = config.model_dump(mode="json")
    raw["timeline"][milestone] = when or raw["timeline"]["voting_opens_at"]
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
    assert message in cause.message
    assert fakes.calls == []


async def test_config_id_must_equal_the_workflow_id(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    handle = await env.client.start_workflow(
        BudgetRoundWorkflow.run,
        config,
        id="another-round",
        task_queue=worker.task_queue,
        execution_timeout=DAY,
    )
    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()
    cause = failure.value.cause
    assert isinstance(cause, ApplicationError)
    assert cause.type == "InvalidRoundConfig"
    assert "skiljer sig från arbetsflödets id" in cause.message
    assert fakes.calls == []


async def test_approvals_from_the_wrong_phase_or_person_are_ignored(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env, approvers=["Anna Andersson"])
    assert config.timeline.intake_opens_at is not None
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await skip_to(env, config.timeline.intake_opens_at)
    await reach(handle, RoundPhase.INTAKE)
    await handle.signal(
        BudgetRoundWorkflow.approve_ballot, BallotApproval(approved_by="Anna Andersson")
    )
    early = await status_when(handle, lambda s: s.last_rejection is not None, "rejection")
    assert early.last_rejection == (
        "Signalen approve_ballot från Anna Andersson ignorerades i fasen Förslagsinsamling."
    )

    await run_to_ballot_approval(env, handle, fakes)
    olle = BallotApproval(approved_by="Olle Obehörig", token="token-olle")
    await handle.signal(BudgetRoundWorkflow.approve_ballot, olle)
    wrong = await status_when(
        handle, lambda s: "Olle Obehörig får inte" in (s.last_rejection or ""), "rejection of Olle"
    )
    assert wrong.phase == RoundPhase.BALLOT_APPROVAL
    assert "decision_record_ballot_approval" not in fakes.names()


async def test_council_decision_refused_by_the_service_is_ignored(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """The next decision gets its own idempotency step: the refused one keeps its key."""
    fakes.reject_next_council_decision = True
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_council_decision(env, handle, fakes)
    await handle.signal("record_council_decision", council_decision([13, 11]))
    refused = await status_when(handle, lambda s: s.last_rejection is not None, "refusal")
    assert refused.phase == RoundPhase.COUNCIL_DECISION
    assert "Paragrafen finns redan i diariet." in (refused.last_rejection or "")

    # 13 alone differs from the result (13 and 11), so it needs a justification.
    await handle.signal("record_council_decision", council_decision([13], "Bara 13 i år."))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)
    attempts = [getattr(r, "attempt", None) for r in fakes.args("decision_record_council_decision")]
    assert attempts == [1, 2]


async def test_overdue_council_decision_is_reminded(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """The generic reminders: 14 days before, at the due date, the owner 7 days after."""
    config = await round_config(env, owner="Olof Ägare")
    due = config.timeline.council_decision_due_at
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_council_decision(env, handle, fakes)
    await handle.signal("record_council_decision", council_decision([13]))
    unjustified = await status_when(handle, lambda s: s.last_rejection is not None, "rejection")
    assert "motiveras" in (unjustified.last_rejection or "")
    await skip_to(env, due - 14 * DAY)
    await eventually(lambda: len(fakes.args("notify")) == 1, "the reminder")
    await skip_to(env, due)
    await eventually(lambda: len(fakes.args("notify")) == 2, "the overdue reminder")
    await skip_to(env, due + 6 * DAY)
    assert len(fakes.args("notify")) == 2
    await skip_to(env, due + 7 * DAY)
    await eventually(lambda: len(fakes.args("notify")) == 3, "the escalation")
    before, overdue, escalation = fakes.args("notify")
    assert (before.kind, before.recipients) == ("reminder", "fullmäktiges sekreterare")
    assert before.subject.startswith("Påminnelse: fullmäktiges beslut senast ")
    assert (overdue.kind, overdue.subject) == ("reminder", "Försenat: fullmäktiges beslut")
    assert (escalation.kind, escalation.recipients) == ("escalation", "Olof Ägare")
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)
    assert [n.kind for n in fakes.args("notify")][3:] == ["receipt"]
