"""What the people of a replayed round do, over HTTP only: residents propose and vote, an
official assigns and an assessor assesses, the official approves the ballot, the council's
secretary enters the decision, and officials report the projects done.

Each step takes the ``RoundDriver`` and calls ``advance()`` once per finished request, so the
caller can draw progress bars. Tokens come from the dev issuer, one per person.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from counting.profile import ProjectId
from medborgarbudget.demo_city import CityPot, DemoCity
from medborgarbudget.demo_election import DemoProject
from medborgarbudget.driver import DriverError, RoundDriver, bearer
from medborgarbudget.keepalive import KeepAliveConnection
from medborgarbudget.synthetic import personnummer
from services.common.auth import Role, issue_token
from services.common.dates import STOCKHOLM
from services.common.settings import PlatformSettings

Advance = Callable[[], None]
# A proposal of the round: its pot and the project's id in that pot's file.
ProjectKey = tuple[str, ProjectId]
ItemT = TypeVar("ItemT")
OFFICIAL = (Role.OFFICIAL, "demo-official", "Anna Berg")
ASSESSOR = (Role.ASSESSOR, "demo-assessor", "Bo Bedömare")
SECRETARY = (Role.COUNCIL_SECRETARY, "demo-secretary", "Fullmäktiges sekreterare")
# A project's workflow and the evaluation open a moment after the round's phase changes.
RETRY_PAUSE, RETRY_LIMIT = 0.2, 150


async def together(clients: int, client: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """``clients`` copies of ``client`` at once; the first error stops all and is raised."""
    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(max(1, clients)):
                group.create_task(client())
    except ExceptionGroup as errors:
        raise errors.exceptions[0] from None


async def in_parallel(
    items: Sequence[ItemT], clients: int, work: Callable[[ItemT], Awaitable[None]]
) -> None:
    """``work`` on every item with up to ``clients`` requests in flight."""
    pending = iter(items)

    async def client() -> None:
        for item in pending:
            await work(item)

    await together(min(clients, len(items)), client)


def all_projects(city: DemoCity) -> list[tuple[CityPot, DemoProject]]:
    return [(pot, project) for pot in city.pots for project in pot.demo.projects]


async def submit_proposals(
    driver: RoundDriver, city: DemoCity, clients: int, advance: Advance
) -> dict[ProjectKey, int]:
    """Every project of every file as a resident's proposal, for its file's pot (and
    district); (pot, the file's id) -> the proposal id."""
    await driver.wait_until_open("intake", "")
    ids: dict[ProjectKey, int] = {}
    projects = all_projects(city)

    async def propose(number: int) -> None:
        pot, project = projects[number]
        body = {
            "title": project.title,
            "description": project.description,
            "cost_estimate": min(project.cost, pot.demo.budget),
            "proposer_kind": "resident",
            "identity_number": personnummer(number),
        }
        if city.has_pots:
            body |= {"pot": pot.id, "area": pot.area}
        resident = bearer(Role.RESIDENT, f"demo-proposer-{number}", f"Förslagsställare {number}")
        answer = await driver.call("POST", "intake", "/proposals", resident, json=body)
        ids[(pot.id, project.file_id)] = answer["id"]
        advance()

    await in_parallel(range(len(projects)), clients, propose)
    return ids


async def assess_proposals(
    driver: RoundDriver,
    city: DemoCity,
    ids: dict[ProjectKey, int],
    clients: int,
    advance: Advance,
) -> None:
    """One assessor gets every proposal and finds each feasible at the file's cost."""
    await driver.wait_until_registered(len(ids), timeout=30)
    official = driver.staff(*OFFICIAL)
    _, subject, name = ASSESSOR
    assignment = {
        "assessor_subject": subject,
        "assessor_name": name,
        "proposal_ids": [*ids.values()],
    }
    await driver.call("POST", "assessment", "/assignments", official, json=assignment)
    assessor = driver.staff(*ASSESSOR)

    projects = all_projects(city)

    async def assess(number: int) -> None:
        pot, project = projects[number]
        verdict = {
            "feasible": True,
            "cost": project.cost,
            "cost_items": [{"description": "Kostnad enligt filen", "amount": project.cost}],
            "criteria": [],
        }
        path = f"/assessments/{ids[(pot.id, project.file_id)]}"
        await driver.call("PUT", "assessment", path, assessor, json=verdict)
        advance()

    await in_parallel(range(len(projects)), clients, assess)


async def approve_ballot(driver: RoundDriver) -> None:
    body = {"comment": "Röstsedeln är granskad: alla projekt ur filen."}
    await driver.call("POST", "decision", "/ballot-approval", driver.staff(*OFFICIAL), json=body)


async def cast_ballots(
    driver: RoundDriver,
    city: DemoCity,
    ids: dict[ProjectKey, int],
    clients: int,
    advance: Advance,
) -> int:
    """Every person of the city signs in once (their district as their declared area) and
    casts each of their ballots in its pot, ``clients`` people at a time, each client on its
    own kept-alive connection; a ballot counts once the service answered that it is committed
    (200/201). Answers how many were cast; a refused ballot stops the replay with the reason."""
    await driver.wait_until_open("voting", "/ballot")
    settings = PlatformSettings()
    base = driver.stack.url("voting")
    paths = [
        urlsplit(
            driver.url("voting", f"/pots/{pot.id}/ballots" if city.has_pots else "/ballots")
        ).path
        for pot in city.pots
    ]
    pot_ids = [
        {file_id: ids[(pot.id, file_id)] for (_, file_id) in _keys(ids, pot)} for pot in city.pots
    ]
    pending = iter(city.voters)
    cast = 0

    async def client() -> None:
        nonlocal cast
        connection = await KeepAliveConnection.open(base)
        try:
            for voter in pending:
                claims = {"area": voter.area} if voter.area else None
                token = issue_token(settings, voter.subject, [Role.RESIDENT], claims=claims)
                for index, number in voter.ballots:
                    ballot = city.pots[index].demo.cast_body(number, pot_ids[index])
                    body = json.dumps(ballot).encode()
                    status, answer = await connection.post_json(paths[index], body, token)
                    if status not in (200, 201):
                        raise DriverError(_refusal(number, status, answer))
                    cast += 1
                    advance()
        finally:
            await connection.close()

    await together(min(clients, len(city.voters)), client)
    return cast


def _keys(ids: dict[ProjectKey, int], pot: CityPot) -> list[ProjectKey]:
    return [key for key in ids if key[0] == pot.id]


def _refusal(number: int, status: int, answer: bytes) -> str:
    text = answer.decode(errors="replace")
    if status == 409 and "voting-not-open" in text:
        return (
            f"röst {number} kom efter att röstningen stängt: röstfönstret var planerat för fler "
            "röster per sekund än systemet tar emot här. Kör igen med lägre --ballot-rate."
        )
    return f"röst {number}: {status} {text}"


async def record_council_decision(driver: RoundDriver) -> list[int]:
    """The council approves the published recommendation as it stands."""
    recommendation = await driver.call("GET", "decision", "/recommendation", {})
    approved: list[int] = recommendation["selected"]
    # The council meets on a kommun day: after midnight in Stockholm, UTC is still on the last.
    today = datetime.now(STOCKHOLM).date()
    body = {
        "approved_project_ids": approved,
        "diarienummer": f"KS {today.year}/DEMO",
        "paragraph": "§ 1",
        "meeting_date": today.isoformat(),
    }
    await driver.call("POST", "decision", "/council-decision", driver.staff(*SECRETARY), json=body)
    return approved


async def complete_projects(
    driver: RoundDriver, costs: dict[int, int], clients: int, advance: Advance
) -> None:
    """Each approved project reported done, having spent its approved cost, once the
    project's own workflow has registered it with the decision service."""
    for _ in range(RETRY_LIMIT):
        known = await driver.call("GET", "decision", "/projects", {})
        if {project["project_id"] for project in known} >= set(costs):
            break
        await asyncio.sleep(RETRY_PAUSE)
    official = driver.staff(*OFFICIAL)

    async def complete(project_id: int) -> None:
        body = {"summary": "Genomfört enligt plan (återuppspelning).", "spent": costs[project_id]}
        path = f"/projects/{project_id}/completion"
        await _retry_while(driver, path, official, body, lambda answer: answer.status_code == 404)
        advance()

    await in_parallel(sorted(costs), clients, complete)


async def submit_evaluation(driver: RoundDriver, summary: str) -> None:
    def not_open(answer: httpx.Response) -> bool:
        return answer.status_code == 409 and answer.json()["type"].endswith("evaluation-not-open")

    await _retry_while(
        driver, "/evaluation", driver.staff(*OFFICIAL), {"summary": summary}, not_open
    )


async def _retry_while(
    driver: RoundDriver,
    path: str,
    headers: dict[str, str],
    body: dict[str, Any],
    not_yet: Callable[[httpx.Response], bool],
) -> None:
    """POST to the decision service, again while the workflow has not got there yet."""
    for _ in range(RETRY_LIMIT):
        answer = await driver.http.post(driver.url("decision", path), headers=headers, json=body)
        if answer.status_code < 300:
            return
        if not not_yet(answer):
            raise DriverError(f"POST decision {path}: {answer.status_code} {answer.text}")
        await asyncio.sleep(RETRY_PAUSE)
    raise DriverError(f"POST decision {path}: the round never got there")
