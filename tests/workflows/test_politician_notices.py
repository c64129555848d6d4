"""The kommun's politicians follow their rounds: the approved ballot, the result and the
council's decision due reach them as notices addressed to their role (no names, no
addresses), each once, at its moment."""

import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    REPLAYER,
    approve_and_vote,
    council_decision,
    projects_started,
    reach,
    run_to_ballot_approval,
    start_year_long,
)
from workflows.messages.round import RoundPhase

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]


async def test_the_politicians_hear_of_the_ballot_the_result_and_the_decision_due(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    handle = await start_year_long(env, worker)
    status = await run_to_ballot_approval(env, handle, fakes)
    assert fakes.announcements == []
    await approve_and_vote(env, handle, fakes, status)
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    await projects_started(fakes)

    ballot, result, due = fakes.announcements
    title = "Medborgarbudget för lokalt näringsliv"
    assert [n.subject for n in fakes.announcements] == [
        f"{title}: röstsedeln är godkänd",
        f"{title}: resultatet av omröstningen",
        f"{title}: fullmäktiges beslut",
    ]
    assert {n.recipients for n in fakes.announcements} == {"kommunens politiker"}
    assert {n.kind for n in fakes.announcements} == {"announcement"}
    assert "Anna Andersson godkände röstsedeln med 3 förslag" in ballot.message
    assert result.message == (
        "120 röstade. 2 förslag för 400 000 kr ryms i budgeten och föreslås fullmäktige."
    )
    assert "väntar på fullmäktiges beslut senast" in due.message
    assert len({n.key for n in fakes.announcements}) == 3
    await REPLAYER.replay_workflow(await handle.fetch_history())
