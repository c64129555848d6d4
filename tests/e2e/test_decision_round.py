"""A round through the kommun's systems over real HTTP: the council decides differently from
the vote (with a justification), the decision is filed in a fake diarium that fails twice
first, projects follow milestones (one overdue and escalated), and the evaluation produces
the report files, with projects by title and voters by area, age band and channel. The fake
kommun sees every expected message exactly once."""

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from medborgarbudget.stack import LocalStack
from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from tests.e2e import local_business
from tests.e2e.conftest import stack_with_kommun
from tests.e2e.driver import RoundDriver, bearer, connect
from tests.kommun_fake import DIARIUM, NOTIFICATIONS, FakeKommun
from tests.services.helpers import stockholm_today
from tests.services.voting.conftest import personnummer
from tests.supplier_register_fake import FakeSupplierRegister
from workflows.config import RoundConfig
from workflows.starter import start_round

# The round's kommun, which officials' tokens name (their approvals are checked against it).
KOMMUN = "Åre"

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
OFFSETS = {  # seconds from now; slack for a loaded two-core machine
    "intake_closes_at": 8,
    "assessment_due_at": 16,
    "voting_opens_at": 18,
    "voting_closes_at": 26,
    "council_decision_due_at": 60,
    "implementation_due_at": 110,
    "evaluation_at": 112,
}


@pytest.fixture
def kommun() -> Iterator[FakeKommun]:
    with FakeKommun(SECRET) as fake:
        yield fake


@pytest.fixture
def kommun_stack(
    tmp_path: Path, service_databases: dict[str, str], kommun: FakeKommun
) -> Iterator[LocalStack]:
    """The stack with the worker sending to the fake kommun, and the decision service asking
    the fake supplier register for suppliers' seats."""
    with FakeSupplierRegister() as register:
        register_env = {"MB_SUPPLIER_REGISTER_URL": register.url}
        with stack_with_kommun(tmp_path, service_databases, kommun, register_env) as local:
            yield local


async def until(check: Callable[[], Awaitable[Any]], what: str, timeout: float = 40) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := await check():
            return result
        await asyncio.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


async def test_round_with_a_different_decision_milestones_and_a_report(
    kommun_stack: LocalStack, kommun: FakeKommun, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    timeline = {key: (now + timedelta(seconds=s)).isoformat() for key, s in OFFSETS.items()}
    config = RoundConfig.model_validate(
        {
            "id": "e2e-decision",
            "kommun": KOMMUN,
            "title": "Medborgarbudget för lokalt näringsliv",
            "budget": 200_000,
            "ballot": {"type": "approval", "max_choices": 2},
            "timeline": timeline,
            "follow_up": {
                "escalate_after": "PT3S",
                "evaluation_period": "PT90S",
                "eligible_voters": 30,
                # A year in production; seconds here (the year is skipped in
                # tests/workflows/test_follow_up_measurement.py).
                "measure_after": "PT5S",
            },
        }
    )
    kommun.fail_next(DIARIUM, 2)
    kommun.fail_next(NOTIFICATIONS, 2)
    handle = await start_round(await connect(kommun_stack), config, task_queue="medborgarbudget")
    driver = RoundDriver(kommun_stack, handle)
    try:
        a, b, c = await _vote(driver)
        await _decide(driver, recommended=[a, b], decided=[b, c])
        await _implement(driver, kommun, overdue=b, on_time=c)
        await _evaluate(driver, tmp_path)
    finally:
        await driver.close()
    _assert_kommun_saw_each_message_once(kommun, config.id or "")


async def _vote(driver: RoundDriver) -> list[int]:
    await driver.wait_for_phase("INTAKE", timeout=20)

    async def intake_open() -> bool:  # the phase shows a moment before intake has the round
        return (await driver.http.get(driver.url("intake", "/proposals"))).status_code == 200

    await until(intake_open, "the round to open in the intake service", timeout=20)
    resident = bearer(Role.RESIDENT, "19121212-1212", name="Kim")
    ids = []
    for title, cost, _ in PROPOSALS:
        body = {
            "title": title,
            "description": f"{title} som lockar besökare till centrum.",
            "cost_estimate": cost,
            "local_business_benefit": "Fler kunder till butiker och caféer.",
            "proposer_kind": "resident",
            "identity_number": "19121212-1212",
        }
        ids.append((await driver.call("POST", "intake", "/proposals", resident, json=body))["id"])
    await driver.wait_for_phase("ASSESSMENT", timeout=30)
    await driver.wait_until_registered(len(ids))
    official = bearer(Role.OFFICIAL, "official-1", name="Anna Berg", kommun=KOMMUN)
    assignment = {"assessor_subject": "assessor-1", "assessor_name": "Bo", "proposal_ids": ids}
    await driver.call("POST", "assessment", "/assignments", official, json=assignment)
    assessor = bearer(Role.ASSESSOR, "assessor-1", name="Bo Bedömare")
    for proposal_id, (title, cost, _) in zip(ids, PROPOSALS, strict=True):
        verdict = {
            "feasible": True,
            "cost": cost,
            "cost_items": [{"description": title, "amount": cost}],
            "public_reason": "Uppfyller kriterierna.",
        }
        await driver.call(
            "PUT", "assessment", f"/assessments/{proposal_id}", assessor, json=verdict
        )
    await driver.wait_for_phase("BALLOT_APPROVAL", timeout=30)
    await driver.call("POST", "decision", "/ballot-approval", official, json={"comment": "OK"})
    await driver.wait_for_phase("VOTING", timeout=30)

    async def voting_open() -> bool:
        return bool((await driver.call("GET", "voting", "/ballot", {}))["status"] == "open")

    await until(voting_open, "voting to open in the voting service")
    official = bearer(Role.OFFICIAL, "official-2", name="Olle Val", kommun=KOMMUN)
    year = date.today().year
    for number in range(VOTERS):  # A on every ballot, then B on six and C on four
        choices = [ids[0], ids[1] if number < PROPOSALS[1][2] else ids[2]]
        if number in ONLINE:
            born = date(year - 40, 1, number + 1)
            token = issue_token(
                PlatformSettings(),
                personnummer(born),
                [Role.RESIDENT],
                claims={"area": "Centrum", "birthdate": born.isoformat()},
            )
            voter = {"Authorization": f"Bearer {token}"}
            await driver.call("POST", "voting", "/ballots", voter, json={"choices": choices})
        else:
            paper = {
                "choices": choices,
                "voter": personnummer(date(year - 30, 1, number + 1)),
                "area": "Duved",
                "polling_place": "Duveds skola",
            }
            await driver.call("POST", "voting", "/paper-ballots", official, json=paper)
    return ids


async def _decide(driver: RoundDriver, recommended: list[int], decided: list[int]) -> None:
    await driver.wait_for_phase("COUNCIL_DECISION", timeout=40)
    published = await driver.call("GET", "decision", "/recommendation", {})
    assert sorted(published["selected"]) == sorted(recommended)
    titles = {p["project_id"]: p["title"] for p in published["projects"]}
    assert sorted(titles.values()) == sorted(title for title, _, _ in PROPOSALS)
    secretary = bearer(
        Role.COUNCIL_SECRETARY, "secretary-1", name="Sara Sekreterare", kommun=KOMMUN
    )
    decision = {
        "approved_project_ids": decided,
        "diarienummer": "KS 2027/123",
        "paragraph": "§ 45",
        "meeting_date": stockholm_today(),
    }
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

    council = await until(filed, "the diarium's case reference")
    assert council["case_reference"] == "KS-DIA-1"
    assert council["justification"].startswith("Cykelleden")


async def _implement(driver: RoundDriver, kommun: FakeKommun, overdue: int, on_time: int) -> None:
    official = bearer(Role.OFFICIAL, "official-1", name="Anna Berg", kommun=KOMMUN)

    async def known(project_id: int) -> Any:
        answer = await driver.http.get(driver.url("decision", f"/projects/{project_id}"))
        return answer.status_code == 200

    soon, later = datetime.now(UTC) + timedelta(seconds=4), datetime.now(UTC) + timedelta(hours=1)
    for project_id, planned in ((overdue, soon), (on_time, later)):
        await until(partial(known, project_id), f"project {project_id}")
        plan = {
            "owner": "Per Ek",
            "milestones": [{"title": "Bygget klart", "planned_at": planned.isoformat()}],
        }
        await driver.call(
            "POST", "decision", f"/projects/{project_id}/milestones", official, json=plan
        )
    await local_business.record_baselines_and_spend(driver, [overdue, on_time])

    async def escalated() -> bool:
        return any(e["type"].endswith("escalation") for e in kommun.delivered(NOTIFICATIONS))

    await until(escalated, "the escalation of the overdue milestone")
    shown = await driver.call("GET", "decision", f"/projects/{overdue}", {})
    assert (shown["overdue"], shown["owner"]) == (True, "Per Ek")
    for project_id, spent in ((overdue, 55_000), (on_time, 98_000)):
        progress = {"completed_milestones": [1], "spent": spent - 5_000}
        await driver.call(
            "POST", "decision", f"/projects/{project_id}/progress", official, json=progress
        )
        indicators = {
            "companies_involved": 4,
            "jobs_created": 1,
            "visitors": 900,
            "satisfaction": 4.0,
        }
        await driver.call(
            "PUT", "decision", f"/projects/{project_id}/indicators", official, json=indicators
        )
        done = {"summary": "Genomfört och invigt.", "spent": spent}
        await driver.call(
            "POST", "decision", f"/projects/{project_id}/completion", official, json=done
        )


async def _evaluate(driver: RoundDriver, folder: Path) -> None:
    status = await driver.wait_for_phase("EVALUATION", timeout=120)
    assert status["counts"]["projects_done"] == 2

    async def opened() -> Any:
        return (await driver.call("GET", "decision", "", {}))["evaluation"]

    evaluation = await until(opened, "the evaluation to open in the decision service")
    assert evaluation["participation"]["proposals_per_day"]
    await local_business.answer_survey(driver)
    await local_business.record_earlier_round(driver)
    official = bearer(Role.OFFICIAL, "official-1", name="Eva Lund", kommun=KOMMUN)
    # The independent evaluator files the report; it goes on to the diarium at the close.
    evaluator = bearer(Role.EVALUATOR, "evaluator-1", name="Ulla Utvärderare", kommun=KOMMUN)
    headers = {**evaluator, "Content-Type": "application/pdf"}
    report_url = driver.url("decision", "/evaluation/evaluator-report")
    uploaded = await driver.http.put(
        report_url,
        params={"filename": "utvardering.pdf"},
        content=b"%PDF-1.7 rapport",
        headers=headers,
    )
    assert uploaded.status_code == 200, uploaded.text
    conclusions = {"summary": "Handlarna vid ån och cykelleden fick fler kunder."}
    await driver.call("POST", "decision", "/evaluation", official, json=conclusions)
    await local_business.follow_up_after_the_evaluation(driver, until)
    outcome = await asyncio.wait_for(driver.handle.result(), timeout=30)
    outcome = outcome if isinstance(outcome, dict) else outcome.model_dump(mode="json")
    assert outcome["phase"] == "COMPLETED"
    for name in ("report.json", "report.csv", "report.html"):
        answer = await driver.http.get(driver.url("decision", f"/{name}"))
        assert answer.status_code == 200
        (folder / name).write_bytes(answer.content)
    report = (await driver.http.get(driver.url("decision", "/report.json"))).json()
    assert report["final"] and report["council_decision"]["differs_from_recommendation"]
    participation = report["participation"]
    assert participation["ballots"] == VOTERS and report["turnout"] == 33.3
    assert participation["by_area"]["voters"] == {"Centrum": 5, "Duved": 5}
    bands = participation["by_age_band"]["voters"]
    assert {band: n for band, n in bands.items() if n != 0} == {"25-34": 5, "35-49": 5}
    assert participation["by_channel"]["voters"] == {"online": 5, "paper": 5}
    assert sum(participation["ballots_per_day"].values()) == VOTERS
    assert [line["title"] for line in report["projects"]] == [t for t, _, _ in PROPOSALS]
    assert sum(1 for _ in (folder / "report.csv").open()) == 1 + len(PROPOSALS)
    html = (folder / "report.html").read_text()
    assert html.count("<svg") >= 6 and "Röstande per åldersgrupp</figcaption>" in html
    assert "Adventsmarknad" in html
    # Three proposals from one resident: too few to tell who proposed, so every group of
    # proposers is hidden ("dold"), while the voters' groups above are shown whole.
    assert set(participation["by_age_band"]["proposals"].values()) == {None}
    assert "dold" in html
    # The assessment's workload as the worker counted it from assessment's verdicts.
    workload = report["local_business"]["process"]["assessment"]
    assert (workload["assessments"], workload["feasible"]) == (len(PROPOSALS), len(PROPOSALS))
    assert workload["median_days"] is not None
    local_business.check_report(report)
    assert "Gynnade omgången det lokala näringslivet?" in html


def _assert_kommun_saw_each_message_once(kommun: FakeKommun, round_id: str) -> None:
    diarium = kommun.attempts(DIARIUM)
    assert [r.status for r in diarium] == [503, 503, 201, 201]
    decision, evaluation = kommun.delivered(DIARIUM)
    assert decision["diarienummer"] == "KS 2027/123"
    local_business.check_evaluation_filed(evaluation)
    events = kommun.delivered(NOTIFICATIONS)
    expected = [
        (round_id, "receipt", "Fullmäktiges beslut är registrerat"),
        (round_id, "reminder", "Uppföljningen är öppen"),
        (round_id, "receipt", "Uppföljningen är inlämnad"),
        # The politicians' notices of the round's key moments.
        *(
            (round_id, "announcement", f"Medborgarbudget för lokalt näringsliv: {moment}")
            for moment in ("röstsedeln är godkänd", "resultatet av omröstningen")
        ),
        (round_id, "announcement", "Medborgarbudget för lokalt näringsliv: fullmäktiges beslut"),
    ]
    seen = [(e["subject"], e["type"].rsplit(".", 1)[1], e["data"]["subject"]) for e in events]
    assert sorted(s for s in seen if s[0] == round_id) == sorted(expected)
    follow_up = local_business.check_follow_up_notices(seen, round_id)
    project_kinds = sorted(
        kind for subject, kind, _ in seen if subject not in (round_id, follow_up)
    )
    assert project_kinds == ["escalation", "reminder"]
    attempts = kommun.attempts(NOTIFICATIONS)
    assert [r.status for r in attempts[:2]] == [503, 503]
    assert len(attempts) == len(events) + 2
    assert len({e["id"] for e in events}) == len(events)
