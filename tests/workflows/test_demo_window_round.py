"""The demo's moves of the voting window (``medborgarbudget/demo_window.py``) against the real
round: every request it makes for a slow replay is accepted by the ``extend_deadline``
validator in its order (the later due dates first, then voting), the round's timeline follows
them, and the move past the evaluation's reserve, which the demo never asks for, is refused."""

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from medborgarbudget.demo_window import GAP, LATER, VotingWindow
from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    BALLOT_APPROVAL,
    eventually,
    reach,
    run_to_ballot_approval,
    start_year_long,
    update,
)
from workflows.messages.round import RoundPhase
from workflows.round_workflow import BudgetRoundWorkflow

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]
MILESTONES = ("voting_closes_at", *(milestone for _, milestone in LATER), "evaluation_at")


async def test_the_demo_moves_the_end_of_voting_as_the_round_allows(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    handle = await start_year_long(env, worker)
    status = await run_to_ballot_approval(env, handle, fakes)
    await handle.signal("approve_ballot", BALLOT_APPROVAL)
    await eventually(lambda: "voting_define_ballot" in fakes.names(), "the ballot")
    await skip_to(env, status.timeline.voting_opens_at)
    await reach(handle, RoundPhase.VOTING)
    planned = status.timeline.model_dump()
    window = VotingWindow({m: planned[m] for m in MILESTONES}, total=1_000_000_000)
    window.cast = 1_000  # 17 ballots a second with a billion to come: up to the reserve
    now = await env.get_current_time()
    until = window.needed_close(now, elapsed=60.0)
    assert until == window.latest_close

    requests = window.requests(until, elapsed=60.0)
    assert [r.phase for r in requests] == ["IMPLEMENTATION", "COUNCIL_DECISION", "VOTING"]
    for request in requests:
        await update(handle, BudgetRoundWorkflow.extend_deadline, request)

    timeline = (await handle.query(BudgetRoundWorkflow.status)).timeline
    assert timeline.voting_closes_at == until
    assert timeline.council_decision_due_at > until
    assert timeline.implementation_due_at > timeline.council_decision_due_at
    assert timeline.evaluation_at == planned["evaluation_at"]  # it cannot move
    past_reserve = requests[-1].model_copy(
        update={"until": (planned["evaluation_at"] + GAP).isoformat()}
    )
    with pytest.raises(WorkflowUpdateFailedError):
        await update(handle, BudgetRoundWorkflow.extend_deadline, past_reserve)
    assert (await handle.query(BudgetRoundWorkflow.status)).timeline.voting_closes_at == until
