"""A whole round over real HTTP and signals: proposals under the round's criteria, assessments
with costing, jäv and a merge, ballot approval, ballots, tally, council decision, projects done,
evaluation, COMPLETED, with greedy's winners."""

import asyncio
import email
import email.policy
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

import pytest

from medborgarbudget.stack import LocalStack
from services.common.auth import Role
from tests.e2e.driver import RoundDriver, bearer, connect
from tests.e2e.personal_data_scan import (
    database_findings,
    file_findings,
    personnummer_forms,
    stack_files,
)
from tests.e2e.proposals_and_assessment import (
    COMPANY_NUMBER,
    RESIDENT_NAME,
    RESIDENT_NUMBER,
    RESIDENT_SUBJECT,
    ROUND_RULES,
    assess_proposals,
    submit_proposals,
)
from tests.services.helpers import stockholm_today
from tests.services.voting.conftest import personnummer
from workflows.config import RoundConfig
from workflows.starter import start_round

# The round's kommun, which officials' tokens name (their approvals are checked against it).
KOMMUN = "Åre"

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

# Each voter's approvals, by index into proposals_and_assessment.PROPOSALS.
BALLOTS = [[0, 1], [0, 2], [0], [1, 2], [1], [2]]
# Votes: 0 -> 3, 1 -> 3, 2 -> 3; budget 160 000: greedy takes the cheapest ties first.
# The voters: a valid personnummer each (the token's subject) and a name in the token.
VOTERS = [
    (personnummer(date(1960 + n, 1 + n, 10 + n)), f"Väljare Valdsdotter{n}") for n in range(6)
]


async def test_a_whole_round_reaches_completed_over_http(stack: LocalStack) -> None:
    client = await connect(stack)
    now = datetime.now(UTC)
    config = RoundConfig.model_validate(
        {
            "id": "e2e-round",
            "kommun": KOMMUN,
            "title": "Testomgång",
            "budget": 160_000,
            "max_proposal_cost": 150_000,
            "ballot": {"type": "approval", "max_choices": 2},
            "counting_rule": "greedy",
            **ROUND_RULES,
            "timeline": {
                key: (now + timedelta(seconds=offset)).isoformat()
                for key, offset in [
                    ("intake_closes_at", 6),
                    ("assessment_due_at", 13),
                    ("voting_opens_at", 14),
                    ("voting_closes_at", 20),
                    ("council_decision_due_at", 24),
                    ("implementation_due_at", 28),
                    ("evaluation_at", 30),
                ]
            },
        }
    )
    handle = await start_round(client, config, task_queue="medborgarbudget")
    driver = RoundDriver(stack, handle)
    try:
        await _run_round(driver)
    finally:
        await driver.close()


async def _run_round(driver: RoundDriver) -> None:
    await driver.wait_for_phase("INTAKE", timeout=20)
    await _give_contacts(driver)
    ids = await submit_proposals(driver)
    status = await driver.wait_for_phase("ASSESSMENT", timeout=30)
    assert status["counts"]["proposals"] == len(ids)
    await assess_proposals(driver, ids)

    await driver.wait_for_phase("BALLOT_APPROVAL", timeout=30)
    official = bearer(Role.OFFICIAL, "official-1", name="Anna Berg", kommun=KOMMUN)
    await driver.call("POST", "decision", "/ballot-approval", official, json={"comment": "OK"})

    await driver.wait_for_phase("VOTING", timeout=30)
    for number, choices in enumerate(BALLOTS):
        voter = bearer(Role.RESIDENT, VOTERS[number][0], name=VOTERS[number][1])
        body = {"choices": [ids[i] for i in choices]}
        receipt = await _cast_when_open(driver, voter, body)
        assert receipt["receipt"]

    await driver.wait_for_phase("COUNCIL_DECISION", timeout=30)
    results = await driver.call("GET", "voting", "/results", {})
    # Three votes each; budget 160 000: lower cost first: 60 000 and 90 000 fit, 100 000 not.
    assert sorted(results["selected"]) == sorted([ids[2], ids[1]])
    assert results["ballot_count"] == len(BALLOTS)
    recommendation = (await driver.call("GET", "decision", "", {}))["recommendation"]
    assert recommendation["selected"] == results["selected"]

    secretary = bearer(Role.COUNCIL_SECRETARY, "secretary-1", name="Sekreteraren", kommun=KOMMUN)
    decision = {
        "approved_project_ids": results["selected"],
        "diarienummer": "KS 2027/123",
        "paragraph": "§ 45",
        "meeting_date": stockholm_today(),
    }
    await driver.call("POST", "decision", "/council-decision", secretary, json=decision)

    await driver.wait_for_phase("IMPLEMENTATION", timeout=30)
    for project_id in results["selected"]:
        done = {"summary": "Genomfört enligt plan.", "spent": 55_000}
        await _retry_until_known(driver, project_id, official, done)

    await driver.wait_for_phase("EVALUATION", timeout=40)
    report = {"summary": "Fler besökare i centrum enligt handlarna."}
    await _submit_when_open(driver, official, report)

    outcome = await asyncio.wait_for(driver.handle.result(), timeout=30)
    outcome = outcome if isinstance(outcome, dict) else outcome.model_dump(mode="json")
    assert outcome["phase"] == "COMPLETED"
    record = await driver.call("GET", "decision", "", {})
    assert record["ballot_approval"]["approved_by"] == "Anna Berg"
    assert record["council_decision"]["diarienummer"] == "KS 2027/123"
    assert record["evaluation"]["summary"] == report["summary"]
    assert sorted(p["project_id"] for p in record["projects"] if p["status"] == "done") == sorted(
        results["selected"]
    )
    _assert_no_identity_in_clear(driver.stack)
    await _assert_invited(driver.stack)
    # The merged proposal's proposer was told why, once, when assessment closed.
    notices = await driver.call("GET", "assessment", "/merge-notices", official)
    assert notices["total"] == 1
    assert all(n["delivered_at"] for n in notices["items"])


async def _give_contacts(driver: RoundDriver) -> None:
    """Two voters ask for the kommun's rounds by e-mail and the digital mailbox (which keeps
    their personnummer, sealed: the scan below finds it nowhere in clear)."""
    consent = (await driver.http.get(f"{driver.stack.url('notify')}/consent-text")).json()
    for n, (number, _name) in enumerate(VOTERS[:2]):
        body = {
            "email": f"voter{n}@example.se",
            "mailbox": True,
            "consent": True,
            "consent_version": consent["version"],
        }
        answer = await driver.http.put(
            f"{driver.stack.url('notify')}/contacts/me",
            json=body,
            headers=bearer(Role.RESIDENT, number),
        )
        assert answer.status_code == 200, answer.text


async def _assert_invited(stack: LocalStack) -> None:
    """The round's invitation reached both voters' mail, once each, without a personnummer."""
    for _ in range(300):
        raw = [p.read_bytes() for p in stack.mail_dir.glob("*.eml")]
        mails = [email.message_from_bytes(m, policy=email.policy.default) for m in raw]
        invited = sorted(m["To"] for m in mails if m["Subject"] == "Nu kan du rösta i Testomgång")
        if invited == ["voter0@example.se", "voter1@example.se"]:
            break
        await asyncio.sleep(0.1)
    assert invited == ["voter0@example.se", "voter1@example.se"], invited
    numbers = {form for number, _ in VOTERS for form in personnummer_forms(number)}
    assert not [n for m in raw for n in numbers if n.encode() in m]


def _assert_no_identity_in_clear(stack: LocalStack) -> None:
    """No database (every table and column of every service, and Temporal's) and no log
    file holds a personnummer used in the round, in any of its forms, or a name given
    without consent to show it."""
    numbers = [RESIDENT_SUBJECT, RESIDENT_NUMBER, *(number for number, _ in VOTERS)]
    needles = {COMPANY_NUMBER, RESIDENT_NAME, *(name for _, name in VOTERS)}
    needles |= {form for number in numbers for form in personnummer_forms(number)}
    assert database_findings(stack, needles) == []
    assert file_findings(stack_files(stack), needles) == []


async def _retry_until_known(
    driver: RoundDriver, project_id: int, headers: dict[str, str], body: dict[str, object]
) -> None:
    """The project's child workflow records the project a moment after the phase changes."""
    for _ in range(50):
        answer = await driver.http.post(
            driver.url("decision", f"/projects/{project_id}/completion"), headers=headers, json=body
        )
        if answer.status_code == 202:
            return
        assert answer.status_code == 404, answer.text
        await asyncio.sleep(0.2)
    raise AssertionError(f"project {project_id} never became known to the decision service")


async def _cast_when_open(
    driver: RoundDriver, headers: dict[str, str], body: Mapping[str, object]
) -> dict[str, object]:
    """The workflow opens voting in the voting service a moment after the phase changes."""
    for _ in range(50):
        answer = await driver.http.post(
            driver.url("voting", "/ballots"), headers=headers, json=body
        )
        if answer.status_code == 201:
            receipt: dict[str, object] = answer.json()
            return receipt
        assert answer.json()["type"].endswith("/voting-not-open"), answer.text
        await asyncio.sleep(0.2)
    raise AssertionError("voting never opened in the voting service")


async def _submit_when_open(
    driver: RoundDriver, headers: dict[str, str], body: dict[str, str]
) -> None:
    """The workflow opens the evaluation in the decision service a moment after the phase."""
    for _ in range(50):
        answer = await driver.http.post(
            driver.url("decision", "/evaluation"), headers=headers, json=body
        )
        if answer.status_code == 202:
            return
        assert answer.json()["type"].endswith("/evaluation-not-open"), answer.text
        await asyncio.sleep(0.2)
    raise AssertionError("the evaluation never opened in the decision service")
