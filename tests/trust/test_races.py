"""Races on PostgreSQL: many requests at once on the same record, through two app replicas
sharing the database (as two service processes would). Exactly one wins, the others get a
clear 409, and what is stored is whole. Skipped without ``MB_TEST_POSTGRES_URL``.

The handlers run in worker threads with their own connections, so the requests really
overlap in PostgreSQL; each test's requests are all in flight at once (``asyncio.gather``).
"""

import asyncio
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session, select

from services.assessment.models import Assessment
from services.decision.models.round import CouncilDecision
from services.intake.models import Proposal
from services.voting.models import Ballot
from tests.conftest import postgres_schema_url
from tests.services.assessment.helpers import feasible
from tests.services.assessment.helpers import round_body as assessment_round
from tests.services.helpers import close_app
from tests.services.intake.helpers import proposal_body
from tests.services.intake.helpers import round_body as intake_round
from tests.services.voting.conftest import ballot_body, personnummer, token_headers
from tests.trust.apps import headers_for, service_app

ROUND = "are-2027"
RACERS = 12


Replicas = Callable[[str], list[FastAPI]]


@pytest.fixture
def replicas(postgres_schema: str) -> Iterator[Replicas]:
    """Two replicas of a service on the test's schema; closed after the test, so no pooled
    connection outlives it."""
    made: list[FastAPI] = []

    def pair(service: str) -> list[FastAPI]:
        url = postgres_schema_url(postgres_schema)
        made.extend(service_app(service, url) for _ in range(2))
        return made[-2:]

    yield pair
    for app in made:
        close_app(app)


async def _at_once(
    apps: list[FastAPI], calls: list[tuple[str, str, dict[str, Any]]]
) -> list[httpx.Response]:
    """Every call in flight at once, spread over the replicas."""
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc")
        for app in apps
    ]
    try:
        return await asyncio.wait_for(
            asyncio.gather(
                *(
                    clients[i % len(clients)].request(method, path, **kwargs)
                    for i, (method, path, kwargs) in enumerate(calls)
                )
            ),
            timeout=60,
        )
    finally:
        for client in clients:
            await client.aclose()


async def _one(app: FastAPI, method: str, path: str, **kwargs: Any) -> httpx.Response:
    (answer,) = await _at_once([app], [(method, path, kwargs)])
    assert answer.is_success, answer.text
    return answer


def _codes(answers: list[httpx.Response]) -> Counter[int]:
    return Counter(a.status_code for a in answers)


def _problem_types(answers: list[httpx.Response]) -> set[str]:
    return {a.json()["type"].rsplit("/", 1)[1] for a in answers if a.status_code == 409}


def _rows(app: FastAPI, model: type[Any]) -> list[Any]:
    with Session(app.state.engine) as session:
        return list(session.exec(select(model)).all())


async def test_concurrent_edits_of_one_proposal_one_wins(replicas: Replicas) -> None:
    apps = replicas("intake")
    owner = headers_for("resident", subject="19121212-1212")
    await _one(
        apps[0], "PUT", f"/rounds/{ROUND}", json=intake_round(), headers=headers_for("system")
    )
    submitted = await _one(
        apps[0], "POST", f"/rounds/{ROUND}/proposals", json=proposal_body(), headers=owner
    )
    path = f"/rounds/{ROUND}/proposals/{submitted.json()['id']}"
    etag = (await _one(apps[0], "GET", path)).headers["etag"]
    edits = [
        (
            "PUT",
            path,
            {"json": _content(f"Cykelställ nummer {i}"), "headers": {**owner, "If-Match": etag}},
        )
        for i in range(RACERS)
    ]
    answers = await _at_once(apps, edits)
    assert _codes(answers) == {200: 1, 409: RACERS - 1}, [a.text for a in answers]
    assert _problem_types(answers) == {"edit-conflict"}
    (winner,) = [a.json() for a in answers if a.status_code == 200]
    (stored,) = _rows(apps[0], Proposal)
    assert (stored.title, stored.version) == (winner["title"], 2)


async def test_concurrent_edits_without_if_match_lose_nothing(replicas: Replicas) -> None:
    """Without a version each edit applies in turn: every one counts, the last one stays."""
    apps = replicas("intake")
    owner = headers_for("resident", subject="19121212-1212")
    await _one(
        apps[0], "PUT", f"/rounds/{ROUND}", json=intake_round(), headers=headers_for("system")
    )
    submitted = await _one(
        apps[0], "POST", f"/rounds/{ROUND}/proposals", json=proposal_body(), headers=owner
    )
    path = f"/rounds/{ROUND}/proposals/{submitted.json()['id']}"
    edits = [
        ("PUT", path, {"json": _content(f"Cykelställ nummer {i}"), "headers": owner})
        for i in range(RACERS)
    ]
    answers = await _at_once(apps, edits)
    assert _codes(answers) == {200: RACERS}
    (stored,) = _rows(apps[0], Proposal)
    assert stored.version == 1 + RACERS
    assert stored.title in {f"Cykelställ nummer {i}" for i in range(RACERS)}


def _content(title: str) -> dict[str, Any]:
    body = proposal_body(title=title)
    del body["proposer_kind"], body["identity_number"]
    return body


async def test_concurrent_revisions_of_one_assessment_one_wins(replicas: Replicas) -> None:
    apps = replicas("assessment")
    official = headers_for("official")
    await _one(
        apps[0], "PUT", f"/rounds/{ROUND}", json=assessment_round(), headers=headers_for("system")
    )
    assign = {"assessor_subject": "assessor-1", "assessor_name": "Bo", "proposal_ids": [1]}
    await _one(apps[0], "POST", f"/rounds/{ROUND}/assignments", json=assign, headers=official)
    assessor = headers_for("assessor", subject="assessor-1")
    path = f"/rounds/{ROUND}/assessments/1"
    first = await _one(apps[0], "PUT", path, json=feasible(cost=40_000), headers=assessor)
    etag = first.headers["etag"]
    revisions = [
        (
            "PUT",
            path,
            {"json": feasible(cost=41_000 + i), "headers": {**assessor, "If-Match": etag}},
        )
        for i in range(RACERS)
    ]
    answers = await _at_once(apps, revisions)
    assert _codes(answers) == {200: 1, 409: RACERS - 1}, [a.text for a in answers]
    assert _problem_types(answers) == {"edit-conflict"}
    (winner,) = [a.json() for a in answers if a.status_code == 200]
    (stored,) = _rows(apps[0], Assessment)
    assert (stored.cost, stored.version) == (winner["cost"], 2)


async def test_concurrent_council_decisions_one_is_recorded(replicas: Replicas) -> None:
    """The workflow records one decision; a competing record, however close, is refused and
    the secretary cannot submit another once it is recorded."""
    apps = replicas("decision")
    system = headers_for("system")
    round_record = {"title": "Medborgarbudget Åre 2027", "kommun": "Åre", "budget": 100_000}
    await _one(apps[0], "PUT", f"/rounds/{ROUND}", json=round_record, headers=system)
    decided_at = datetime.now(UTC).isoformat()
    records = [
        (
            "PUT",
            f"/rounds/{ROUND}/council-decision",
            {"json": _decision(i, decided_at), "headers": system},
        )
        for i in range(RACERS)
    ]
    answers = await _at_once(apps, records)
    assert _codes(answers) == {200: 1, 409: RACERS - 1}, [
        a.text[:90] for a in answers if a.is_success
    ]
    (winner,) = [a.json() for a in answers if a.status_code == 200]
    (stored,) = _rows(apps[0], CouncilDecision)
    assert stored.diarienummer == winner["diarienummer"]
    # The same record again (an activity retry) is accepted and changes nothing.
    winner_body = _decision(int(winner["diarienummer"].rsplit("/", 1)[1]), decided_at)
    again = await _one(
        apps[1], "PUT", f"/rounds/{ROUND}/council-decision", json=winner_body, headers=system
    )
    assert again.json() == winner


def _decision(number: int, decided_at: str) -> dict[str, Any]:
    return {
        "approved_project_ids": [1],
        "diarienummer": f"KS 2027/{number}",
        "paragraph": "§ 45",
        "meeting_date": "2027-09-20",
        "justification": "",
        "recorded_by": "Sekreteraren",
        "decided_at": decided_at,
    }


async def test_concurrent_paper_and_online_ballots_of_one_voter_leave_one_paper_ballot(
    replicas: Replicas,
) -> None:
    apps = replicas("voting")
    system = headers_for("system")
    await _one(apps[0], "PUT", f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system)
    await _one(apps[0], "POST", f"/rounds/{ROUND}/open", headers=system)
    voter = personnummer(date(1985, 3, 14))
    official = headers_for("official")
    paper = [
        (
            "POST",
            f"/rounds/{ROUND}/paper-ballots",
            {
                "json": {"voter": voter, "choices": [1 + i % 4], "polling_place": "Järpen"},
                "headers": official,
            },
        )
        for i in range(RACERS)
    ]
    online = [
        (
            "POST",
            f"/rounds/{ROUND}/ballots",
            {"json": {"choices": [1 + i % 4]}, "headers": token_headers(voter)},
        )
        for i in range(RACERS)
    ]
    answers = await _at_once(
        apps, [call for pair in zip(paper, online, strict=True) for call in pair]
    )
    paper_answers, online_answers = answers[0::2], answers[1::2]
    assert sum(a.is_success for a in paper_answers) == 1, [a.text for a in paper_answers]
    assert _problem_types(paper_answers) == {"paper-ballot-exists"} or all(
        a.status_code == 409 for a in paper_answers if not a.is_success
    )
    assert all(a.is_success or a.status_code == 409 for a in online_answers)
    (stored,) = _rows(apps[0], Ballot)
    (accepted,) = [a.json() for a in paper_answers if a.is_success]
    assert (stored.channel, stored.receipt) == ("paper", accepted["receipt"])
