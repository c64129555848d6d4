"""A round through the kommun's systems over real HTTP, on Temporal's time-skipping test
server: the kommun's earlier round runs first (tests/e2e/earlier_round.py); then the council
decides differently from the vote (with a justification), the decision is filed in a fake
diarium that fails twice first, projects follow milestones (one overdue and escalated) and
record indicators and spend with a local and a non-local supplier, the evaluation produces
the report files, and the follow-up is measured a (skipped) year after completion. The report
shows the share of money paid locally and the comparison with the earlier round. The fake
kommun sees every expected message exactly once."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from medborgarbudget.stack import LocalStack
from services.common.auth import Role
from tests.e2e import decision_round_checks as checks
from tests.e2e import decision_round_steps as steps
from tests.e2e import local_business
from tests.e2e.driver import RoundDriver, bearer, connect
from tests.e2e.earlier_round import run_earlier_round
from tests.e2e.time_skipping import RoundClock, time_skipping_stack
from tests.kommun_fake import DIARIUM, NOTIFICATIONS, FakeKommun
from tests.services.voting.conftest import personnummer
from tests.supplier_register_fake import FakeSupplierRegister
from tests.temporal_test_server import skip_to
from workflows.config import RoundConfig
from workflows.starter import start_round

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

SECRET = "e2e-kommun-secret"
# title, cost (estimated and assessed), votes: the vote funds A and B (150 000 of 200 000).
PROPOSALS = [
    ("Adventsmarknad", 90_000, 10),
    ("Bänkar vid ån", 60_000, 6),
    ("Cykelled", 100_000, 4),
]
# Ten voters, five per group, so that no group is too small to publish (under five is hidden):
# five online from Centrum aged 40, five on paper from Duved aged 30.
VOTERS = 10
ONLINE = range(5)
Stack = tuple[LocalStack, WorkflowEnvironment]


@pytest.fixture
def kommun() -> Iterator[FakeKommun]:
    with FakeKommun(SECRET) as fake:
        yield fake


@pytest_asyncio.fixture
async def kommun_stack(
    tmp_path: Path, service_databases: dict[str, str], kommun: FakeKommun
) -> AsyncIterator[Stack]:
    """The stack on a time-skipping server, the worker sending to the fake kommun and the
    decision service asking the fake supplier register for suppliers' seats."""
    with FakeSupplierRegister() as register:
        register_env = {"MB_SUPPLIER_REGISTER_URL": register.url}
        async with time_skipping_stack(tmp_path, service_databases, kommun, register_env) as up:
            yield up


async def test_round_with_a_different_decision_milestones_and_a_report(
    kommun_stack: Stack, kommun: FakeKommun, tmp_path: Path
) -> None:
    stack, env = kommun_stack
    await run_earlier_round(stack, env)
    before = {path: len(kommun.attempts(path)) for path in (DIARIUM, NOTIFICATIONS)}
    clock = await RoundClock.start(env, steps.OFFSETS)
    config = RoundConfig.model_validate(
        {
            "id": "e2e-decision",
            "kommun": steps.KOMMUN,
            "title": "Medborgarbudget för lokalt näringsliv",
            "budget": 200_000,
            "ballot": {"type": "approval", "max_choices": 2},
            "timeline": clock.timeline,
            "follow_up": {
                "escalate_after": "PT3S",
                "evaluation_period": "PT300S",
                "eligible_voters": 30,
                "measure_after": "P365D",
            },
        }
    )
    kommun.fail_next(DIARIUM, 2)
    kommun.fail_next(NOTIFICATIONS, 2)
    handle = await start_round(await connect(stack), config, task_queue="medborgarbudget")
    driver = RoundDriver(stack, handle)
    try:
        a, b, c = await _vote(driver, clock)
        await _decide(driver, clock, recommended=[a, b], decided=[b, c])
        await _implement(driver, kommun, clock, overdue=b, on_time=c)
        await _evaluate(driver, clock, kommun, tmp_path)
    finally:
        await driver.close()
    checks.check_kommun_saw_each_message_once(kommun, config.id or "", before)


async def _vote(driver: RoundDriver, clock: RoundClock) -> list[int]:
    ids = await steps.propose(driver, clock, [(title, cost) for title, cost, _ in PROPOSALS])
    await steps.assess_and_open_voting(driver, clock, ids, [cost for _, cost, _ in PROPOSALS])
    official = steps.official("official-2", "Olle Val")
    year = date.today().year
    for number in range(VOTERS):  # A on every ballot, then B on six and C on four
        choices = [ids[0], ids[1] if number < PROPOSALS[1][2] else ids[2]]
        if number in ONLINE:
            await steps.vote_online(driver, choices, date(year - 40, 1, number + 1), "Centrum")
        else:
            paper = {
                "choices": choices,
                "voter": personnummer(date(year - 30, 1, number + 1)),
                "area": "Duved",
                "polling_place": "Duveds skola",
            }
            await driver.call("POST", "voting", "/paper-ballots", official, json=paper)
    return ids


async def _decide(
    driver: RoundDriver, clock: RoundClock, recommended: list[int], decided: list[int]
) -> None:
    published = await steps.close_voting(driver, clock)
    assert sorted(published["selected"]) == sorted(recommended)
    titles = {p["project_id"]: p["title"] for p in published["projects"]}
    assert sorted(titles.values()) == sorted(title for title, _, _ in PROPOSALS)
    secretary = steps.secretary()
    decision = steps.council_decision(decided, "KS 2027/123")
    url = driver.url("decision", "/council-decision")
    unjustified = await driver.http.post(url, json=decision, headers=secretary)
    assert unjustified.json()["type"].endswith("/justification-required")
    over_budget = {
        **decision,
        "approved_project_ids": [*recommended, decided[-1]],
        "justification": "Alla.",
    }
    assert (await driver.http.post(url, json=over_budget, headers=secretary)).status_code == 422
    justified = {**decision, "justification": "Cykelleden knyter ihop handeln i byn."}
    await driver.call("POST", "decision", "/council-decision", secretary, json=justified)
    await driver.wait_for_phase("IMPLEMENTATION", timeout=30)

    async def filed() -> Any:
        council = (await driver.call("GET", "decision", "", {}))["council_decision"]
        return council if council and council["case_reference"] else None

    council = await steps.until(filed, "the diarium's case reference")
    # The earlier round's decision was the diarium's first case (it had no evaluator's report).
    assert council["case_reference"] == "KS-DIA-2"
    assert council["justification"].startswith("Cykelleden")


async def _implement(
    driver: RoundDriver, kommun: FakeKommun, clock: RoundClock, overdue: int, on_time: int
) -> None:
    now = await clock.now()
    soon, later = now + timedelta(seconds=4), now + timedelta(hours=1)
    for project_id, planned in ((overdue, soon), (on_time, later)):
        await steps.plan_milestone(driver, project_id, planned)
    await local_business.record_baselines_and_spend(driver, [overdue, on_time])

    async def escalated() -> bool:
        return any(e["type"].endswith("escalation") for e in kommun.delivered(NOTIFICATIONS))

    await skip_to(clock.env, soon + timedelta(seconds=3))  # the milestone's date, escalated
    await steps.until(escalated, "the escalation of the overdue milestone")
    shown = await driver.call("GET", "decision", f"/projects/{overdue}", {})
    assert (shown["overdue"], shown["owner"]) == (True, "Per Ek")
    official = steps.official()
    for project_id, spent in ((overdue, 55_000), (on_time, 98_000)):
        progress = {"completed_milestones": [1], "spent": spent - 5_000}
        path = f"/projects/{project_id}"
        await driver.call("POST", "decision", f"{path}/progress", official, json=progress)
        indicators = {
            "companies_involved": 4,
            "jobs_created": 1,
            "visitors": 900,
            "satisfaction": 4.0,
        }
        await driver.call("PUT", "decision", f"{path}/indicators", official, json=indicators)
        await steps.complete(driver, project_id, spent)


async def _evaluate(
    driver: RoundDriver, clock: RoundClock, kommun: FakeKommun, folder: Path
) -> None:
    opened = await steps.open_evaluation(driver, clock)
    assert opened["status"]["counts"]["projects_done"] == 2
    assert opened["evaluation"]["participation"]["proposals_per_day"]
    await local_business.answer_survey(driver)
    # The independent evaluator files the report; it goes on to the diarium at the close.
    evaluator = bearer(Role.EVALUATOR, "evaluator-1", name="Ulla Utvärderare", kommun=steps.KOMMUN)
    headers = {**evaluator, "Content-Type": "application/pdf"}
    report_url = driver.url("decision", "/evaluation/evaluator-report")
    uploaded = await driver.http.put(
        report_url,
        params={"filename": "utvardering.pdf"},
        content=b"%PDF-1.7 rapport",
        headers=headers,
    )
    assert uploaded.status_code == 200, uploaded.text
    await steps.submit_conclusions(driver, "Handlarna vid ån och cykelleden fick fler kunder.")
    await local_business.follow_up_a_year_later(driver, clock.env, kommun)
    outcome = await asyncio.wait_for(driver.handle.result(), timeout=30)
    outcome = outcome if isinstance(outcome, dict) else outcome.model_dump(mode="json")
    assert outcome["phase"] == "COMPLETED"
    for name in ("report.json", "report.csv", "report.html"):
        answer = await driver.http.get(driver.url("decision", f"/{name}"))
        assert answer.status_code == 200
        (folder / name).write_bytes(answer.content)
    titles = [title for title, _, _ in PROPOSALS]
    checks.check_report(folder, titles, VOTERS)
