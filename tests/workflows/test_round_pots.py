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
    status_when,
)
from workflows.messages.round import RoundPhase
from workflows.phases.council_decision import COUNCIL_POTS_PATCH
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
    [assessment] = fakes.args("assessment_open_round")
    assert [(p.pot, p.max_proposal_cost) for p in assessment.pots] == [
        ("kommun", 250_000),
        ("norr", 200_000),
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


async def test_a_round_without_pots_records_no_pots_patch_marker(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=400 * DAY)
    await run_to_council_decision(env, handle, fakes)
    [setup] = fakes.args("intake_open_round")
    [ballot] = fakes.args("voting_define_ballot")
    [assessment] = fakes.args("assessment_open_round")
    assert (setup.pots, ballot.pots, assessment.pots) == ([], [], [])
    history = await handle.fetch_history()
    markers = [
        event
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
    ]
    assert not any(POTS_PATCH.encode() in marker.SerializeToString() for marker in markers)


async def test_the_council_decides_each_pot_against_its_own_budget_and_vote(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    areas = {"areas": [{"id": "norr", "name": "Norr"}]}
    config = await round_config(env, pots=POTS, intake=areas, max_proposal_cost=250_000)
    fakes.pot_of = {13: "kommun", 12: "kommun", 11: "norr"}
    fakes.pot_results = [
        {"pot": "kommun", "name": "Hela kommunen", "budget": 300_000, "selected": [13]},
        {"pot": "norr", "name": "Norr", "budget": 200_000, "selected": [11]},
    ]
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=400 * DAY)
    await run_to_council_decision(env, handle, fakes)
    [tally] = fakes.args("decision_store_recommendation")
    assert {p.project_id: p.pot for p in tally.projects} == fakes.pot_of

    # 12 and 13 (500 000) in the kommun pot: within the round's 500 000, over the pot's.
    await handle.signal("record_council_decision", council_decision([13, 12], "Båda."))
    status = await status_when(handle, lambda s: s.last_rejection is not None, "refusal")
    assert "Potten Hela kommunen" in (status.last_rejection or "")
    assert "300" in (status.last_rejection or "")
    # 12 instead of 13, justified for the round but not for the kommun pot, whose vote it was.
    decision = council_decision([12, 11], "Allmänt.")
    await handle.signal("record_council_decision", decision)
    status = await status_when(
        handle, lambda s: "motiveras" in (s.last_rejection or ""), "the pot's justification"
    )
    assert "Potten Hela kommunen" in (status.last_rejection or "")
    await handle.signal(
        "record_council_decision", {**decision, "justifications": {"kommun": "Billigare."}}
    )
    await reach(handle, RoundPhase.IMPLEMENTATION)
    [record] = fakes.args("decision_record_council_decision")
    assert record.decision.justifications == {"kommun": "Billigare."}
    [filed] = fakes.args("register_in_diarium")
    assert filed.justifications == {"kommun": "Billigare."}

    history = await handle.fetch_history()
    markers = [
        event.SerializeToString()
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
    ]
    assert sum(COUNCIL_POTS_PATCH.encode() in marker for marker in markers) == 1
    await REPLAYER.replay_workflow(history)


async def test_a_round_without_pots_is_decided_on_its_total_with_no_new_marker(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    config = await round_config(env)
    handle = await start_round(env.client, config, worker.task_queue, execution_timeout=400 * DAY)
    await run_to_council_decision(env, handle, fakes)
    # 12 instead of 13 within the 500 000 budget: one justification for the round is enough.
    await handle.signal("record_council_decision", council_decision([12, 11], "Billigare."))
    await reach(handle, RoundPhase.IMPLEMENTATION)
    history = await handle.fetch_history()
    assert not any(
        COUNCIL_POTS_PATCH.encode() in event.SerializeToString()
        for event in history.events
        if event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
    )
