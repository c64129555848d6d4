"""A Warsaw-size round (1,500 proposals, 100,000 ballots, 80+ approved projects) keeps its
workflow history small.

The real round workflow runs against the real services; the bulk data goes straight into the
services' databases (tests/e2e/bulk.py), people's approvals over HTTP. Temporal accepts ~50k
events per history: the round must stay a few hundred whatever its size, because proposals
and ballots stay in the services and only ids, counts and results pass through the workflow.
"""

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Table, select
from sqlalchemy.engine import Engine

from medborgarbudget.stack import LocalStack
from services.common.auth import Role
from services.common.db import make_engine
from services.voting.models import BallotProject
from tests.e2e import bulk
from tests.e2e.driver import RoundDriver, bearer, connect
from tests.services.helpers import stockholm_today
from workflows.config import RoundConfig
from workflows.starter import start_round

# The round's kommun, which officials' tokens name (their approvals are checked against it).
KOMMUN = "Warszawa-stora"

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(240)]

PROPOSALS = 1_500
BALLOTS = 100_000
MAX_EVENTS = 400
MAX_CHOICES = 5
# Over 80 of the most popular projects fit: the projects run under one implementation
# workflow, so the round's history does not grow with their number.
BUDGET = 25_000_000
MIN_PROJECTS = 80

KOMMUN = "Warszawa-stora"


def _database_url(stack: LocalStack, service: str) -> str:
    return stack.database_urls.get(service, f"sqlite:///{stack.data_dir / (service + '.db')}")


def _config(round_id: str) -> RoundConfig:
    now = datetime.now(UTC)
    offsets = [
        ("intake_closes_at", 12),
        ("assessment_due_at", 40),
        ("voting_opens_at", 42),
        ("voting_closes_at", 70),
        ("council_decision_due_at", 90),
        ("implementation_due_at", 95),
        ("evaluation_at", 97),
    ]
    return RoundConfig.model_validate(
        {
            "id": round_id,
            "kommun": KOMMUN,
            "title": "Stor omgång",
            "budget": BUDGET,
            "max_proposal_cost": 500_000,
            "ballot": {"type": "approval", "max_choices": MAX_CHOICES},
            "timeline": {key: (now + timedelta(seconds=s)).isoformat() for key, s in offsets},
        }
    )


async def test_a_warsaw_size_round_keeps_its_history_under_400_events(
    stack: LocalStack,
) -> None:
    client = await connect(stack)
    config = _config("stor-omgang")
    handle = await start_round(client, config, task_queue="medborgarbudget")
    driver = RoundDriver(stack, handle)
    engines = {name: make_engine(_database_url(stack, name)) for name in stack.database_urls}
    for name in ("intake", "assessment", "voting"):
        engines.setdefault(name, make_engine(_database_url(stack, name)))
    rng = random.Random(2027)
    # A fresh intake database numbers the proposals 1..1,500; the ballots are made meanwhile.
    ballots = asyncio.create_task(
        asyncio.to_thread(
            bulk.ballot_rows,
            driver.round_id,
            list(range(1, PROPOSALS + 1)),
            BALLOTS,
            MAX_CHOICES,
            2027,
        )
    )
    try:
        await driver.wait_for_phase("INTAKE", timeout=20)
        await asyncio.to_thread(bulk.proposals, engines["intake"], driver.round_id, PROPOSALS, rng)
        status = await driver.wait_for_phase("ASSESSMENT", timeout=30)
        assert status["counts"]["proposals"] == PROPOSALS
        await driver.wait_until_registered(PROPOSALS)
        assessed = await asyncio.to_thread(bulk.assessments, engines["assessment"], driver.round_id)
        assert assessed == PROPOSALS
        await handle.signal("assessment_complete")

        await driver.wait_for_phase("BALLOT_APPROVAL", timeout=30)
        official = bearer(Role.OFFICIAL, "official-1", name="Anna Berg", kommun=KOMMUN)
        await driver.call("POST", "decision", "/ballot-approval", official, json={"comment": "OK"})
        await driver.wait_for_phase("VOTING", timeout=45)
        project_ids = _ballot_projects(engines["voting"], driver.round_id)
        assert project_ids == list(range(1, PROPOSALS + 1))
        await asyncio.to_thread(bulk.ballots, engines["voting"], await ballots)

        status = await driver.wait_for_phase("COUNCIL_DECISION", timeout=60)
        assert status["counts"]["ballots"] == BALLOTS
        await _decide_and_complete(driver, official)
        result = await asyncio.wait_for(handle.result(), timeout=60)
    finally:
        ballots.cancel()
        await driver.close()
        for engine in engines.values():
            engine.dispose()

    outcome = result if isinstance(result, dict) else result.model_dump(mode="json")
    assert outcome["phase"] == "COMPLETED"
    history = await handle.fetch_history()
    kinds = Counter(event.WhichOneof("attributes") for event in history.events)
    print(f"round history: {len(history.events)} events for {outcome['counts']}")
    assert len(history.events) < MAX_EVENTS, f"{len(history.events)} events: {kinds}"
    assert outcome["counts"]["projects_done"] >= MIN_PROJECTS
    implementation = client.get_workflow_handle(f"{driver.round_id}.implementation")
    child = await implementation.fetch_history()
    projects = outcome["counts"]["projects_done"]
    print(f"implementation history: {len(child.events)} events for {projects} projects")
    assert len(child.events) < 10 * projects + 50


def _ballot_projects(engine: Engine, round_id: str) -> list[int]:
    table: Table = BallotProject.__table__  # type: ignore[attr-defined]
    with engine.connect() as connection:
        rows = connection.execute(select(table.c.project_id).where(table.c.round_id == round_id))
        return sorted(row[0] for row in rows)


async def _decide_and_complete(driver: RoundDriver, official: dict[str, str]) -> None:
    results: dict[str, Any] = await driver.call("GET", "voting", "/results", {})
    assert results["ballot_count"] == BALLOTS
    selected: list[int] = results["selected"]
    assert MIN_PROJECTS <= len(selected) <= 200, len(selected)
    secretary = bearer(Role.COUNCIL_SECRETARY, "secretary-1", name="Sekreteraren", kommun=KOMMUN)
    decision = {
        "approved_project_ids": selected,
        "diarienummer": "KS 2027/999",
        "paragraph": "§ 12",
        "meeting_date": stockholm_today(),
    }
    await driver.call("POST", "decision", "/council-decision", secretary, json=decision)
    await driver.wait_for_phase("IMPLEMENTATION", timeout=30)
    done = {"summary": "Genomfört enligt plan.", "spent": 50_000}
    await asyncio.gather(*(_report_done(driver, pid, official, done) for pid in selected))
    await driver.wait_for_phase("EVALUATION", timeout=60)
    report = {"summary": "Många besökare, handlarna nöjda."}
    for _ in range(50):
        answer = await driver.http.post(
            driver.url("decision", "/evaluation"), headers=official, json=report
        )
        if answer.status_code == 202:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the evaluation never opened")


async def _report_done(
    driver: RoundDriver, project_id: int, headers: dict[str, str], body: dict[str, object]
) -> None:
    for _ in range(300):  # 80+ projects start at once on a shared machine: give them a minute
        answer = await driver.http.post(
            driver.url("decision", f"/projects/{project_id}/completion"), headers=headers, json=body
        )
        if answer.status_code == 202:
            return
        assert answer.status_code == 404, answer.text
        await asyncio.sleep(0.2)
    raise AssertionError(f"project {project_id} never became known to the decision service")
