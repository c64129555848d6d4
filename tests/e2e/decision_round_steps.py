"""The steps of the e2e decision round that residents, staff and the council take over HTTP,
shared by the round under test and the kommun's earlier round it is compared with. Each
phase's deadline is skipped to on the time-skipping server once its work is done."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from tests.e2e.driver import RoundDriver, bearer
from tests.e2e.time_skipping import RoundClock
from tests.services.helpers import stockholm_today
from tests.services.voting.conftest import personnummer

# The rounds' kommun, which officials' tokens name (their approvals are checked against it).
KOMMUN = "Åre"
# A round's timeline, in seconds of the server's time from its start. Each date is skipped to
# once its phase's work is done, so they only leave room for that work on a loaded machine.
OFFSETS = {
    "intake_closes_at": 30,
    "assessment_due_at": 60,
    "voting_opens_at": 62,
    "voting_closes_at": 100,
    "council_decision_due_at": 160,
    "implementation_due_at": 400,
    "evaluation_at": 402,
}


def official(subject: str = "official-1", name: str = "Anna Berg") -> dict[str, str]:
    return bearer(Role.OFFICIAL, subject, name=name, kommun=KOMMUN)


def secretary() -> dict[str, str]:
    return bearer(Role.COUNCIL_SECRETARY, "secretary-1", name="Sara Sekreterare", kommun=KOMMUN)


async def until(check: Callable[[], Awaitable[Any]], what: str, timeout: float = 40) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := await check():
            return result
        await asyncio.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


async def propose(
    driver: RoundDriver, clock: RoundClock, proposals: list[tuple[str, int]]
) -> list[int]:
    """Proposals by one resident; then to the end of intake and into assessment."""
    await driver.wait_for_phase("INTAKE", timeout=20)

    async def intake_open() -> bool:  # the phase shows a moment before intake has the round
        return (await driver.http.get(driver.url("intake", "/proposals"))).status_code == 200

    await until(intake_open, "the round to open in the intake service", timeout=20)
    resident = bearer(Role.RESIDENT, "19121212-1212", name="Kim")
    ids = []
    for title, cost in proposals:
        body = {
            "title": title,
            "description": f"{title} som lockar besökare till centrum.",
            "cost_estimate": cost,
            "local_business_benefit": "Fler kunder till butiker och caféer.",
            "proposer_kind": "resident",
            "identity_number": "19121212-1212",
        }
        ids.append((await driver.call("POST", "intake", "/proposals", resident, json=body))["id"])
    await clock.reach("intake_closes_at")
    await driver.wait_for_phase("ASSESSMENT", timeout=30)
    await driver.wait_until_registered(len(ids))
    return ids


async def assess_and_open_voting(
    driver: RoundDriver, clock: RoundClock, ids: list[int], costs: list[int]
) -> None:
    """Every proposal feasible at its cost, the ballot approved, voting open."""
    assignment = {"assessor_subject": "assessor-1", "assessor_name": "Bo", "proposal_ids": ids}
    await driver.call("POST", "assessment", "/assignments", official(), json=assignment)
    assessor = bearer(Role.ASSESSOR, "assessor-1", name="Bo Bedömare")
    for proposal_id, cost in zip(ids, costs, strict=True):
        verdict = {
            "feasible": True,
            "cost": cost,
            "cost_items": [{"description": "Allt", "amount": cost}],
            "public_reason": "Uppfyller kriterierna.",
        }
        path = f"/assessments/{proposal_id}"
        await driver.call("PUT", "assessment", path, assessor, json=verdict)
    await clock.reach("assessment_due_at")
    await driver.wait_for_phase("BALLOT_APPROVAL", timeout=30)
    await driver.call("POST", "decision", "/ballot-approval", official(), json={"comment": "OK"})
    await clock.reach("voting_opens_at")
    await driver.wait_for_phase("VOTING", timeout=30)

    async def voting_open() -> bool:
        return bool((await driver.call("GET", "voting", "/ballot", {}))["status"] == "open")

    await until(voting_open, "voting to open in the voting service")


async def vote_online(driver: RoundDriver, choices: list[int], born: date, area: str) -> None:
    token = issue_token(
        PlatformSettings(),
        personnummer(born),
        [Role.RESIDENT],
        claims={"area": area, "birthdate": born.isoformat()},
    )
    voter = {"Authorization": f"Bearer {token}"}
    await driver.call("POST", "voting", "/ballots", voter, json={"choices": choices})


async def close_voting(driver: RoundDriver, clock: RoundClock) -> dict[str, Any]:
    """To the end of voting; the recommendation the count published."""
    await clock.reach("voting_closes_at")
    await driver.wait_for_phase("COUNCIL_DECISION", timeout=40)
    recommendation: dict[str, Any] = await driver.call("GET", "decision", "/recommendation", {})
    return recommendation


def council_decision(approved: list[int], diarienummer: str) -> dict[str, Any]:
    return {
        "approved_project_ids": approved,
        "diarienummer": diarienummer,
        "paragraph": "§ 45",
        "meeting_date": stockholm_today(),
    }


async def project_started(driver: RoundDriver, project_id: int) -> None:
    async def known() -> bool:
        answer = await driver.http.get(driver.url("decision", f"/projects/{project_id}"))
        return answer.status_code == 200

    await until(known, f"project {project_id}")


async def plan_milestone(driver: RoundDriver, project_id: int, planned: datetime) -> None:
    await project_started(driver, project_id)
    plan = {
        "owner": "Per Ek",
        "milestones": [{"title": "Bygget klart", "planned_at": planned.isoformat()}],
    }
    path = f"/projects/{project_id}/milestones"
    await driver.call("POST", "decision", path, official(), json=plan)


async def complete(driver: RoundDriver, project_id: int, spent: int) -> None:
    done = {"summary": "Genomfört och invigt.", "spent": spent}
    path = f"/projects/{project_id}/completion"
    await driver.call("POST", "decision", path, official(), json=done)


async def open_evaluation(driver: RoundDriver, clock: RoundClock) -> dict[str, Any]:
    """To the evaluation's date; the evaluation as the decision service opened it."""
    await clock.reach("evaluation_at")
    status = await driver.wait_for_phase("EVALUATION", timeout=60)

    async def opened() -> Any:
        return (await driver.call("GET", "decision", "", {}))["evaluation"]

    evaluation = await until(opened, "the evaluation to open in the decision service")
    return {"status": status, "evaluation": evaluation}


async def submit_conclusions(driver: RoundDriver, summary: str) -> None:
    conclusions = {"summary": summary}
    staff = official(name="Eva Lund")
    await driver.call("POST", "decision", "/evaluation", staff, json=conclusions)
