"""The round's later paths: a diarium that refuses, a cancelled project, an evaluation whose
deadline passes without conclusions."""

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    DAY,
    council_decision,
    projects_started,
    reach,
    round_config,
    run_to_council_decision,
    status_when,
)
from workflows.messages.round import RoundPhase
from workflows.phases.council_decision import OPERATIONS
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]


async def test_a_diarium_that_refuses_does_not_stop_the_round(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    fakes.diarium_rejects = True
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)
    await run_to_council_decision(env, handle, fakes)
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)
    status = await status_when(handle, lambda s: s.last_rejection is not None, "the refusal")
    assert "Diariet tog inte emot beslut KS 2027/118" in (status.last_rejection or "")
    [escalation] = fakes.args("notify")
    assert (escalation.kind, escalation.recipients) == ("escalation", OPERATIONS)
    assert "decision_record_case" not in fakes.names()


async def test_cancelled_project_and_expired_evaluation_still_complete_the_round(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """Voting refusing its figures for good does not stop the evaluation either."""
    fakes.voting_rejects_figures = True
    config = await round_config(env, follow_up={"evaluation_period": "P30D"})
    timeline = config.timeline
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 500)
    await run_to_council_decision(env, handle, fakes)
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)
    project = f"{config.id}.project-"
    cancel = {"reason": "Föreningen bakom förslaget har upplösts.", "cancelled_by": "Anna"}
    await env.client.get_workflow_handle(f"{project}13").signal("cancel_project", cancel)
    done = {"summary": "Skyltarna är uppe.", "spent": 98_000, "reported_by": "Per Ek"}
    await env.client.get_workflow_handle(f"{project}11").signal("report_done", done)
    counted = await status_when(
        handle, lambda s: s.counts.projects_done + s.counts.projects_cancelled == 2, "projects"
    )
    assert (counted.counts.projects_done, counted.counts.projects_cancelled) == (1, 1)

    await skip_to(env, timeline.evaluation_at)
    opened = await reach(handle, RoundPhase.EVALUATION)
    assert opened.phase_deadline is not None
    await skip_to(env, opened.phase_deadline)
    outcome = await handle.result()

    assert outcome.phase == RoundPhase.COMPLETED
    assert "1 av 2 beviljade projekt" in outcome.summary
    opening, closing = fakes.args("decision_record_evaluation")
    assert (opening.status, closing.status) == ("open", "expired")
    assert closing.closed_at >= opened.phase_deadline
    assert closing.participation.projects_cancelled == 1
    assert closing.participation.by_area.voters is None
    final = await handle.query(BudgetRoundWorkflow.status)
    assert "deltagarsiffror saknas" in (final.last_rejection or "")
    kinds = [(n.kind, n.subject) for n in fakes.args("notify") if n.round_id == config.id]
    assert kinds[-1] == ("escalation", "Uppföljningen stängdes utan slutsatser")
