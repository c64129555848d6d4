"""The round recorded as a replay history (tests/histories/replay-vN-*): every phase, with
the operations features: an assessment reminder, a moved intake and council deadline, the
ballot approval reminder, milestones and a reminder before one, the evaluation report."""

from typing import Any

from temporalio.client import WorkflowHistory
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    DAY,
    approve_and_vote,
    council_decision,
    eventually,
    projects_started,
    reach,
    round_config,
    status_when,
    update,
)
from workflows.messages.round import RoundPhase
from workflows.messages.updates import DeadlineExtension
from workflows.messages.workload import AssessorLoad
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round


def _extension(phase: str, until: Any) -> DeadlineExtension:
    return DeadlineExtension(
        phase=phase, until=until.isoformat(), reason="Beslut i nämnden.", requested_by="Olof"
    )


async def record_round(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker, round_id: str
) -> dict[str, WorkflowHistory]:
    """The histories by file name; ``round_id`` is also the file's stem, which the replay
    test uses as the workflow id."""
    config = await round_config(env, id=round_id, owner="Olof Ägare", approvers=["Anna Andersson"])
    timeline = config.timeline
    assert timeline.intake_opens_at is not None and config.id is not None
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 500)
    await skip_to(env, timeline.intake_opens_at)
    await reach(handle, RoundPhase.INTAKE)
    intake_closes = timeline.intake_closes_at + 5 * DAY
    await update(handle, BudgetRoundWorkflow.extend_deadline, _extension("INTAKE", intake_closes))
    council_due = timeline.council_decision_due_at + 10 * DAY
    await update(
        handle, BudgetRoundWorkflow.extend_deadline, _extension("COUNCIL_DECISION", council_due)
    )
    await skip_to(env, intake_closes)
    await reach(handle, RoundPhase.ASSESSMENT)
    fakes.pending_assessors = [AssessorLoad(name="Bo Berg", pending=2)]
    await skip_to(env, timeline.assessment_due_at - 7 * DAY)
    await eventually(lambda: len(fakes.args("notify")) == 1, "the assessment reminder")
    fakes.assessment_complete = True
    await handle.signal(BudgetRoundWorkflow.assessment_complete)
    approval = await reach(handle, RoundPhase.BALLOT_APPROVAL)
    await skip_to(env, timeline.voting_opens_at - 7 * DAY)
    await eventually(lambda: len(fakes.args("notify")) == 2, "the ballot approval reminder")
    await approve_and_vote(env, handle, fakes, approval)
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)
    first = env.client.get_workflow_handle(f"{config.id}.project-13")
    plan = {
        "owner": "Per Ek",
        "milestones": [
            {
                "title": "Upphandling",
                "planned_at": (timeline.council_decision_due_at + 40 * DAY).isoformat(),
            }
        ],
        "set_by": "Anna Andersson",
    }
    await first.signal("set_milestones", plan)
    await skip_to(env, timeline.council_decision_due_at + 34 * DAY)
    await eventually(
        lambda: any(n.workflow_id == first.id for n in fakes.calls if n.name == "notify"),
        "the milestone reminder",
    )
    for project_id in (13, 11):
        child = env.client.get_workflow_handle(f"{config.id}.project-{project_id}")
        done = {"summary": "Klart och invigt.", "spent": 90_000, "reported_by": "Per Ek"}
        await child.signal("report_done", done)
    await status_when(handle, lambda s: s.counts.projects_done == 2, "projects done")
    await skip_to(env, timeline.evaluation_at)
    await reach(handle, RoundPhase.EVALUATION)
    report = {"summary": "Fler lokala företag deltog.", "submitted_by": "Eva Lund"}
    await handle.signal("submit_evaluation", report)
    outcome = await handle.result()
    assert outcome.phase == RoundPhase.COMPLETED
    histories = {"round": await handle.fetch_history()}
    implementation = env.client.get_workflow_handle(f"{config.id}.implementation")
    histories["round.implementation"] = await implementation.fetch_history()
    for project_id in (13, 11):
        child = env.client.get_workflow_handle(f"{config.id}.project-{project_id}")
        histories[f"round.project-{project_id}"] = await child.fetch_history()
    return histories
