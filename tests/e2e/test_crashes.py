"""Crashes mid-round: a whole round on the real stack while processes are killed with SIGKILL
and started again on the same data, at chosen moments and at random points (the seed is
printed; ``MB_CRASH_SEED`` replays it):

- the intake service, while residents submit proposals;
- the assessment service, half-way through the assessments;
- the voting service, while ballots stream in, then the Temporal dev server;
- the worker, the moment voting closes (the tally), and again while the kommun's diarium is
  being called (a notification to the kommun's systems in flight).

Then: the round completes; every acknowledged proposal is there once; every acknowledged
ballot is counted once; one council decision, filed once in the diarium; no notification
acted on twice by the kommun.
"""

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from medborgarbudget.stack import LocalStack
from services.common.auth import Role
from tests.e2e.conftest import stack_with_kommun
from tests.e2e.crash_harness import (
    Acknowledged,
    WatchedKommun,
    cast_ballots,
    crash,
    crash_rng,
    send_until_answered,
    submit_proposals,
)
from tests.e2e.driver import RoundDriver, bearer, connect
from tests.kommun_fake import DIARIUM, NOTIFICATIONS
from tests.services.helpers import stockholm_today
from workflows.config import RoundConfig
from workflows.starter import start_round

# The round's kommun, which officials' tokens name (their approvals are checked against it).
KOMMUN = "Åre"

pytestmark = [pytest.mark.e2e, pytest.mark.crash, pytest.mark.timeout(600)]

SECRET = "crash-kommun-secret"
PROPOSALS = 12
VOTERS = 200
OFFSETS = {  # seconds from the start; each window has room for a crash and a restart
    "intake_closes_at": 30,
    "assessment_due_at": 55,
    "voting_opens_at": 56,
    "voting_closes_at": 95,
    "council_decision_due_at": 200,
    "implementation_due_at": 230,
    "evaluation_at": 235,
}


@pytest.fixture
def kommun() -> Iterator[WatchedKommun]:
    fake = WatchedKommun(SECRET)
    with fake:
        yield fake


@pytest.fixture
def crash_stack(
    tmp_path: Path, service_databases: dict[str, str], kommun: WatchedKommun
) -> Iterator[LocalStack]:
    with stack_with_kommun(tmp_path, service_databases, kommun) as local:
        yield local


async def test_a_round_survives_crashes_of_every_part(
    crash_stack: LocalStack, kommun: WatchedKommun
) -> None:
    rng = crash_rng()
    start = datetime.now(UTC)
    config = RoundConfig.model_validate(
        {
            "id": "crash-round",
            "kommun": KOMMUN,
            "title": "Omgång som tål krascher",
            "budget": 150_000,
            "ballot": {"type": "approval", "max_choices": 3},
            "timeline": {k: (start + timedelta(seconds=s)).isoformat() for k, s in OFFSETS.items()},
            "follow_up": {"evaluation_period": "PT120S"},
        }
    )
    handle = await start_round(await connect(crash_stack), config, task_queue="medborgarbudget")
    driver = RoundDriver(crash_stack, handle)
    acknowledged = Acknowledged()
    try:
        ids = await _intake_and_assessment(driver, rng.randint(3, PROPOSALS - 3), acknowledged)
        ballots = {f"voter-{n}": rng.sample(ids, rng.randint(1, 3)) for n in range(VOTERS)}
        await _voting(driver, ballots, rng.randint(20, VOTERS - 40), acknowledged)
        closes = start + timedelta(seconds=OFFSETS["voting_closes_at"])
        await asyncio.sleep(max(0.0, (closes - datetime.now(UTC)).total_seconds()))
        await crash(crash_stack, "worker")  # the tally is due now
        selected = await _check_count(driver, ids, acknowledged)
        await _decide_while_worker_crashes(driver, kommun, selected)
        await _implement_and_evaluate(driver, selected)
    finally:
        await driver.close()
    _check_kommun(kommun)


async def _intake_and_assessment(
    driver: RoundDriver, crash_after: int, acknowledged: Acknowledged
) -> list[int]:
    await driver.wait_for_phase("INTAKE", timeout=30)

    async def maybe_crash(done: int) -> None:
        if done == crash_after:
            await crash(driver.stack, "intake")

    titles = [f"Förslag {n + 1} för handeln" for n in range(PROPOSALS)]
    await submit_proposals(driver, titles, acknowledged, maybe_crash)
    assert sorted(acknowledged.proposals) == sorted(titles)

    status = await driver.wait_for_phase("ASSESSMENT", timeout=60)
    assert status["counts"]["proposals"] == PROPOSALS
    listed = await driver.call("GET", "intake", f"/proposals?limit={2 * PROPOSALS}", {})
    assert sorted(p["title"] for p in listed["items"]) == sorted(titles)  # none lost, none twice
    ids = sorted(p["id"] for p in listed["items"])
    await driver.wait_until_registered(PROPOSALS)
    official = bearer(Role.OFFICIAL, "official-1", name="Anna Berg", kommun=KOMMUN)
    assignment = {"assessor_subject": "assessor-1", "assessor_name": "Bo", "proposal_ids": ids}
    await driver.call("POST", "assessment", "/assignments", official, json=assignment)
    assessor = bearer(Role.ASSESSOR, "assessor-1", name="Bo Bedömare")
    for number, proposal_id in enumerate(ids):
        if number == PROPOSALS // 2:
            await crash(driver.stack, "assessment")
        cost = 20_000 + 1_000 * number
        verdict = {
            "feasible": True,
            "cost": cost,
            "cost_items": [{"description": "Allt", "amount": cost}],
        }
        url = driver.url("assessment", f"/assessments/{proposal_id}")
        answer = await send_until_answered(driver.http, "PUT", url, assessor, json=verdict)
        assert answer.status_code == 200, answer.text
    await driver.wait_for_phase("BALLOT_APPROVAL", timeout=60)
    await driver.call("POST", "decision", "/ballot-approval", official, json={"comment": "OK"})
    return ids


async def _voting(
    driver: RoundDriver, ballots: dict[str, list[int]], crash_after: int, acknowledged: Acknowledged
) -> None:
    await driver.wait_for_phase("VOTING", timeout=60)
    deadline = time.monotonic() + 30
    while (await driver.http.get(driver.url("voting", "/ballot"))).json().get("status") != "open":
        assert time.monotonic() < deadline, "voting never opened in the voting service"
        await asyncio.sleep(0.3)

    async def maybe_crash(done: int) -> None:
        if done == crash_after:
            await crash(driver.stack, "voting")

    await cast_ballots(driver, ballots, acknowledged, maybe_crash)
    assert len(acknowledged.ballots) == VOTERS
    # The voting window's timer lives in the server: it must survive the server's crash.
    await crash(driver.stack, "temporal", down_for=1.0)


async def _check_count(driver: RoundDriver, ids: list[int], acknowledged: Acknowledged) -> Any:
    await driver.wait_for_phase("COUNCIL_DECISION", timeout=150)
    results = await driver.call("GET", "voting", "/results", {})
    assert results["ballot_count"] == len(acknowledged.ballots)  # each counted once
    expected = {project_id: 0 for project_id in ids}
    for choices in acknowledged.ballots.values():
        for project_id in choices:
            expected[project_id] += 1
    assert {p["project_id"]: p["votes"] for p in results["projects"]} == expected
    return results["selected"]


async def _decide_while_worker_crashes(
    driver: RoundDriver, kommun: WatchedKommun, selected: list[int]
) -> None:
    secretary = bearer(
        Role.COUNCIL_SECRETARY, "secretary-1", name="Sara Sekreterare", kommun=KOMMUN
    )
    decision = {
        "approved_project_ids": selected,
        "diarienummer": "KS 2027/77",
        "paragraph": "§ 12",
        "meeting_date": stockholm_today(),
    }
    await driver.call("POST", "decision", "/council-decision", secretary, json=decision)
    assert await asyncio.to_thread(kommun.diarium_called.wait, 60), "the diarium was never called"
    await crash(driver.stack, "worker")  # the diarium call is in flight
    await driver.wait_for_phase("IMPLEMENTATION", timeout=180)


async def _implement_and_evaluate(driver: RoundDriver, selected: list[int]) -> None:
    official = bearer(Role.OFFICIAL, "official-1", name="Anna Berg", kommun=KOMMUN)
    for project_id in selected:
        url = driver.url("decision", f"/projects/{project_id}/completion")
        deadline = time.monotonic() + 60
        while True:
            done = {"summary": "Genomfört.", "spent": 10_000}
            answer = await driver.http.post(url, headers=official, json=done)
            if answer.status_code == 202:
                break
            assert answer.status_code == 404 and time.monotonic() < deadline, answer.text
            await asyncio.sleep(0.3)
    await driver.wait_for_phase("EVALUATION", timeout=180)
    url = driver.url("decision", "/evaluation")
    deadline = time.monotonic() + 60
    while True:
        body = {"summary": "Rundan klarade kraschtestet."}
        answer = await driver.http.post(url, headers=official, json=body)
        if answer.status_code == 202:
            break
        assert time.monotonic() < deadline, answer.text
        await asyncio.sleep(0.3)
    outcome = await asyncio.wait_for(driver.handle.result(), timeout=60)
    outcome = outcome if isinstance(outcome, dict) else outcome.model_dump(mode="json")
    assert outcome["phase"] == "COMPLETED"
    record = await driver.call("GET", "decision", "", {})
    assert record["council_decision"]["case_reference"] == "KS-DIA-1"
    done_ids = [p["project_id"] for p in record["projects"] if p["status"] == "done"]
    assert sorted(done_ids) == sorted(selected)


def _check_kommun(kommun: WatchedKommun) -> None:
    assert len(kommun.delivered(DIARIUM)) == 1  # asked again after the crash, filed once
    assert len(kommun.attempts(DIARIUM)) >= 2
    events = kommun.delivered(NOTIFICATIONS)
    assert events, "the kommun got no notifications"
    assert len({e["id"] for e in events}) == len(events)  # none acted on twice
