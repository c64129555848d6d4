"""The round's history does not grow with the number of projects or the days an assessment
is overdue: projects run under one ``ImplementationWorkflow``, rechecks back off.

Worst cases on the time-skipping server: every project ends in its own workflow task, the
implementation deadline moves while they run, and the assessment stays overdue for 60 days.
"""

import asyncio
import contextlib
import functools
from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from temporalio.client import WorkflowFailureError, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    DAY,
    REACT_TIMEOUT,
    approve_and_vote,
    council_decision,
    eventually,
    history_length,
    make_worker,
    reach,
    round_config,
    run_to_assessment,
    run_to_ballot_approval,
    status_when,
    update,
)
from workflows.implementation_workflow import MAX_PROGRESS_REPORTS
from workflows.messages.round import RoundPhase
from workflows.messages.updates import DeadlineExtension
from workflows.messages.workload import AssessorLoad
from workflows.project_workflow import ProjectWorkflow
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(120)]
PROJECTS = 120
# What a round of two projects takes (tests/histories/replay-v4-round.json: 285 events, with
# two deadline changes and reminders; about 35 more since the round announces five events and
# times the reminder before voting closes, and about 25 for the politicians' three notices of
# key moments and the closing of the proposals' threads, and 4 for the evaluation's reading
# of the assessment's workload: an activity and its patch marker); a hundred more projects
# may not add to it.
ROUND_EVENTS = 375
# The implementation workflow's events per project, worst case: start, started, result, the
# workflow task of each end (3), and the forwarded deadline change (2).
PER_PROJECT = 9


def _many_projects() -> FakeServices:
    ids = list(range(100, 100 + PROJECTS))
    fakes = FakeServices(ids)
    fakes.feasible = dict.fromkeys(ids, 1_000)
    fakes.votes = {pid: 1_000 - pid for pid in ids}
    return fakes


def _done(fakes: FakeServices, count: int) -> bool:
    ended = [r for r in fakes.args("decision_record_project") if r.status == "done"]
    return len(ended) == count


async def _kinds(handle: WorkflowHandle[Any, Any]) -> Counter[str]:
    events = [event async for event in handle.fetch_history_events()]
    return Counter(str(event.WhichOneof("attributes")) for event in events)


async def _moved_everywhere(
    env: WorkflowEnvironment, round_id: str, project_ids: list[int], due_at: datetime
) -> None:
    """The implementation workflow passes a moved deadline on to every running project."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + REACT_TIMEOUT
    for project_id in project_ids:
        project = env.client.get_workflow_handle_for(
            ProjectWorkflow.run, f"{round_id}.project-{project_id}"
        )
        while (await project.query(ProjectWorkflow.status)).due_at != due_at:
            assert loop.time() < give_up, f"project {project_id} kept its old date"
            await asyncio.sleep(0.05)


async def test_a_round_with_120_projects_keeps_the_history_of_a_round_with_two(
    env: WorkflowEnvironment,
) -> None:
    fakes = _many_projects()
    async with make_worker(env.client, fakes) as worker:
        config = await round_config(env, budget=500_000)
        assert config.id is not None
        handle = await start_round(
            env.client, config, worker.task_queue, execution_timeout=DAY * 500
        )
        await approve_and_vote(env, handle, fakes, await run_to_ballot_approval(env, handle, fakes))
        await handle.signal("record_council_decision", council_decision(fakes.proposal_ids))
        await reach(handle, RoundPhase.IMPLEMENTATION)
        started = lambda: len(fakes.args("decision_record_project")) == PROJECTS  # noqa: E731
        await eventually(started, "every project recorded")
        moved = config.timeline.implementation_due_at + 20 * DAY
        extension = DeadlineExtension(
            phase="IMPLEMENTATION",
            until=moved.isoformat(),
            reason="Sen leverans.",
            requested_by="Olof",
        )
        await update(handle, BudgetRoundWorkflow.extend_deadline, extension)
        await _moved_everywhere(env, config.id, fakes.proposal_ids, moved)

        done = {"summary": "Klart.", "spent": 900, "reported_by": "Per Ek"}
        for count, project_id in enumerate(fakes.proposal_ids, start=1):
            project = env.client.get_workflow_handle(f"{config.id}.project-{project_id}")
            await project.signal("report_done", done)
            await eventually(functools.partial(_done, fakes, count), f"project {project_id} done")
            if count == PROJECTS // 2:  # the round's counts follow within one report step
                await status_when(handle, lambda s: s.counts.projects_done >= 48, "progress")
        await status_when(handle, lambda s: s.counts.projects_done == PROJECTS, "all done")
        await skip_to(env, config.timeline.evaluation_at)
        await reach(handle, RoundPhase.EVALUATION)
        await handle.signal("submit_evaluation", {"summary": "Bra.", "submitted_by": "Eva"})
        outcome = await handle.result()

        assert outcome.counts.projects_done == PROJECTS
        implementation = env.client.get_workflow_handle(f"{config.id}.implementation")
        round_kinds, child_kinds = await _kinds(handle), await _kinds(implementation)
        round_events, child_events = sum(round_kinds.values()), sum(child_kinds.values())
        print(f"round: {round_events} events, implementation: {child_events} events")
        assert round_events < ROUND_EVENTS, round_kinds
        assert round_kinds["workflow_execution_signaled_event_attributes"] <= (
            MAX_PROGRESS_REPORTS + 3  # ballot approval, council decision, evaluation
        ), round_kinds
        assert child_events < PER_PROJECT * PROJECTS + 50, child_kinds
        for project_id in fakes.proposal_ids[:3]:
            project = env.client.get_workflow_handle(f"{config.id}.project-{project_id}")
            signals = await _kinds(project)
            assert signals["workflow_execution_signaled_event_attributes"] == 2  # move, done


async def test_sixty_days_overdue_assessment_adds_a_few_rechecks(
    env: WorkflowEnvironment,
) -> None:
    fakes = FakeServices()
    fakes.pending_assessors = [AssessorLoad(name="Bo Berg", pending=2)]
    async with make_worker(env.client, fakes) as worker:
        config = await round_config(env, owner="Olof Ägare")
        due_at = config.timeline.assessment_due_at
        handle = await start_round(
            env.client, config, worker.task_queue, execution_timeout=DAY * 500
        )
        await run_to_assessment(env, handle)
        escalated_at = due_at + config.assessment_escalation_after
        await skip_to(env, escalated_at)
        await eventually(lambda: len(fakes.args("notify")) == 3, "the escalation")
        before = await history_length(handle)
        checks = fakes.names().count("assessment_progress")

        await skip_to(env, due_at + 60 * DAY)
        await asyncio.sleep(0.5)  # any recheck due by now has run
        rechecks = fakes.names().count("assessment_progress") - checks
        grown = await history_length(handle) - before
        print(f"{rechecks} rechecks, {grown} events in 60 days overdue")
        # daily rechecks would be about 58 and 600 events; doubling to 14 days keeps it small
        assert 4 <= rechecks <= 8, rechecks
        assert grown <= 12 * rechecks, grown
        fakes.assessment_complete = True
        await handle.signal(BudgetRoundWorkflow.assessment_complete)
        await reach(handle, RoundPhase.BALLOT_APPROVAL)
        await handle.cancel()
        with contextlib.suppress(WorkflowFailureError):
            await asyncio.wait_for(handle.result(), timeout=10)
