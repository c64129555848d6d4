"""A round with pots on the time-skipping server: intake and the ballot learn the pots, the
history gains one patch marker, and the round replays."""

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    DAY,
    REPLAYER,
    council_decision,
    current_details,
    history_length,
    reach,
    round_config,
    run_to_council_decision,
)
from workflows.messages.round import RoundPhase
from workflows.phases.pot_requests import POTS_PATCH
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]

POTS = [
    {"id": "kommun", "name": "Hela kommunen", "budget": 300_000},
    {
        "id": "norr",
        "name": "Norr",
        "budget": 200_000,
        "area": "norr",
        "ballot": {"type": "cumulative", "total_points": 10},
        "counting_rule": "greedy-threshold",
        "min_project_score_threshold": 5,
    },
]


async def test_a_round_with_pots_tells_intake_and_voting_its_pots(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    areas = {"areas": [{"id": "norr", "name": "Norr"}]}
    config = await round_config(env, pots=POTS, intake=areas, max_proposal_cost=250_000)
    fakes.pot_ballots = {"kommun": 90, "norr": 30}
    fakes.pot_results = [{"pot": "kommun", "selected": [13]}, {"pot": "norr", "selected": [11]}]
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=400 * DAY)
    await run_to_council_decision(env, handle, fakes)

    [setup] = fakes.args("intake_open_round")
    assert [(p.id, p.area, p.max_proposal_cost) for p in setup.pots] == [
        ("kommun", None, 250_000),
        ("norr", "norr", 200_000),
    ]
    [ballot] = fakes.args("voting_define_ballot")
    kommun, norr = ballot.pots
    assert (kommun.ballot.type, kommun.rule, kommun.budget) == ("approval", "greedy", 300_000)
    assert (norr.ballot.type, norr.rule, norr.min_project_score_threshold) == (
        "cumulative",
        "greedy-threshold",
        5,
    )
    details = await current_details(handle)
    assert "- Potter: kommun 300" in details
    assert "kr: 90 röstsedlar, 1 valda; norr 200" in details
    status = await handle.query("status")
    assert [(p["pot"], p["ballots"], p["selected"]) for p in status["pots"]] == [
        ("kommun", 90, 1),
        ("norr", 30, 1),
    ]
    await handle.signal("record_council_decision", council_decision([13, 11]))
    await reach(handle, RoundPhase.IMPLEMENTATION)

    history = await handle.fetch_history()
    markers = [
        event
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
    ]
    # One marker of the pots patch (other patches write their own).
    assert sum(POTS_PATCH.encode() in marker.SerializeToString() for marker in markers) == 1
    assert await history_length(handle) < 300
    await REPLAYER.replay_workflow(history)
    await handle.terminate("test done")


async def test_a_round_without_pots_records_no_pots_patch_marker(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=400 * DAY)
    await run_to_council_decision(env, handle, fakes)
    [setup] = fakes.args("intake_open_round")
    [ballot] = fakes.args("voting_define_ballot")
    assert (setup.pots, ballot.pots) == ([], [])
    history = await handle.fetch_history()
    markers = [
        event
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
    ]
    assert not any(POTS_PATCH.encode() in marker.SerializeToString() for marker in markers)
    await handle.terminate("test done")
