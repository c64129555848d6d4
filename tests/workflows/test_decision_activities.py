"""The activities the later phases add: the diarium's case reference, participation figures
that page through intake's public list and keep only counts, voting's voter groups, and the
recommendation stored with the projects' titles."""

import json
from typing import Any

import httpx

from tests.workflows.mock_services import ROUND, WHEN, run_activity
from workflows.messages.evaluation import ProposalFigures, VoterFigures
from workflows.messages.round import RoundCounts
from workflows.messages.services import CaseReference, ProjectResult, RoundRef, TallyResult
from workflows.phases.requests import participation

PROPOSERS = {
    "round_id": ROUND,
    "min_cell": 5,
    "by_area": {"counts": {"are-by": 400, "jarpen": 102, "unknown": 0}, "suppressed": False},
    "by_age_band": {"counts": {"25-34": 500, "65+": None, "unknown": None}, "suppressed": True},
}


def proposal(created_at: str, **fields: Any) -> dict[str, Any]:
    return {"id": 1, "title": "x", "created_at": created_at, **fields}


async def test_case_reference_is_recorded_with_its_own_key() -> None:
    case = CaseReference(round_id=ROUND, case_reference="KS-DIA-7", registered_at=WHEN)
    recorder, running = run_activity(
        lambda _: httpx.Response(200, json={}), "decision_record_case", case
    )
    await running
    [request] = recorder.requests
    assert str(request.url) == "http://decision/rounds/are-2027/council-decision/case"
    assert request.headers["Idempotency-Key"] == f"{ROUND}:diarium-case"
    assert json.loads(request.content) == {
        "case_reference": "KS-DIA-7",
        "registered_at": "2027-03-01T12:00:00Z",
    }


async def test_participation_pages_through_intake_and_counts_per_swedish_day() -> None:
    # 23:30 UTC on 1 February is 00:30 on 2 February in Sweden.
    pages = [
        [proposal("2027-02-01T10:00:00Z", area="are-by", channel="web")] * 500,
        [
            proposal("2027-02-01T23:30:00Z", area="jarpen", channel="phone"),
            proposal("2027-02-02T08:00:00Z", area=None, channel="web"),
        ],
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/meetings"):
            return httpx.Response(200, json={"items": [], "total": 3, "limit": 1, "offset": 0})
        if request.url.path.endswith("/proposer-statistics"):
            return httpx.Response(200, json=PROPOSERS)
        offset = int(request.url.params["offset"])
        items = pages[0] if offset == 0 else pages[1] if offset == 500 else []
        return httpx.Response(
            200, json={"items": items, "total": 502, "limit": 500, "offset": offset}
        )

    recorder, running = run_activity(answer, "intake_participation", RoundRef(round_id=ROUND))
    figures: ProposalFigures = await running
    assert [r.url.params.get("offset") for r in recorder.requests] == ["0", "500", "0", None]
    assert recorder.requests[-2].url.path == f"/rounds/{ROUND}/meetings"
    assert recorder.requests[-1].url.path == f"/rounds/{ROUND}/proposer-statistics"
    # Who proposed, as intake published it (small groups already hidden there).
    assert figures.by_proposer_area == {"are-by": 400, "jarpen": 102, "unknown": 0}
    assert figures.by_proposer_age_band == {"25-34": 500, "65+": None, "unknown": None}
    assert (figures.meetings, figures.meeting_proposals) == (3, 0)
    assert figures.per_day == {"2027-02-01": 500, "2027-02-02": 2}
    assert figures.by_area == {"are-by": 500, "jarpen": 1}
    assert figures.by_channel == {"phone": 1, "web": 501}


async def test_participation_without_breakdowns_says_unknown() -> None:
    items = [proposal("2027-02-01T10:00:00Z")]
    body = {"items": items, "total": 1, "limit": 500, "offset": 0}

    def answer(request: httpx.Request) -> httpx.Response:
        statistics = request.url.path.endswith("/proposer-statistics")
        return httpx.Response(200, json=PROPOSERS if statistics else body)

    _, running = run_activity(answer, "intake_participation", RoundRef(round_id=ROUND))
    figures = await running
    assert (figures.by_area, figures.by_channel) == (None, None)


async def test_voter_figures_keep_the_groups_and_drop_the_project_totals() -> None:
    groups = {"counts": {"Centrum": 12, "Norr": None, "Söder": None}, "suppressed": True}
    statistics = {
        "round_id": ROUND,
        "ballot_count": 20,
        "min_cell": 5,
        "ballots_per_day": {"2027-05-01": 20},
        "by_area": groups,
        "by_age_band": {"counts": {"25-34": 20, "unknown": 0}, "suppressed": False},
        "by_channel": {"counts": {"online": 20, "paper": 0}, "suppressed": False},
        "projects": [{"project_id": n, "ballots": 1} for n in range(1, 1500)],
    }
    ref = RoundRef(round_id=ROUND)
    answer = httpx.Response(200, json=statistics)
    recorder, running = run_activity(lambda _: answer, "voting_participation", ref)
    figures: VoterFigures = await running
    [request] = recorder.requests
    assert (request.method, str(request.url)) == ("GET", "http://voting/rounds/are-2027/statistics")
    assert figures == VoterFigures(
        min_cell=5,
        per_day={"2027-05-01": 20},
        by_area={"Centrum": 12, "Norr": None, "Söder": None},
        by_age_band={"25-34": 20, "unknown": 0},
        by_channel={"online": 20, "paper": 0},
    )


async def test_recommendation_is_stored_with_the_titles_from_intake() -> None:
    tally = TallyResult(
        round_id=ROUND,
        rule="greedy",
        rule_version="1",
        budget=500,
        ballot_count=3,
        ballots_hash="h",
        selected=[2],
        total_cost=200,
        projects=[
            ProjectResult(project_id=2, cost=200, votes=3, selected=True),
            ProjectResult(project_id=9, cost=400, votes=1, selected=False),
        ],
    )
    proposals = [proposal("2027-02-01T10:00:00Z", id=n, title=f"Förslag {n}") for n in (1, 2)]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "intake":
            return httpx.Response(200, json={"items": proposals, "total": 2})
        return httpx.Response(200, json={})

    recorder, running = run_activity(answer, "decision_store_recommendation", tally)
    await running
    stored = json.loads(recorder.requests[-1].content)
    # Project 9 is not in intake's public list (hidden since): stored without a title.
    assert [(p["project_id"], p["title"]) for p in stored["projects"]] == [
        (2, "Förslag 2"),
        (9, None),
    ]


async def test_the_people_who_voted_are_the_rounds_voters_in_its_participation() -> None:
    """A round with pots: 5 ballots by 3 people; the evaluation's turnout is of the 3."""
    statistics = {
        "round_id": ROUND,
        "ballot_count": 5,
        "voter_count": 3,
        "min_cell": 5,
        "ballots_per_day": {"2027-05-01": 5},
        "by_area": {"counts": {}, "suppressed": False},
        "by_age_band": {"counts": {}, "suppressed": False},
        "by_channel": {"counts": {"online": 5}, "suppressed": False},
        "projects": [],
    }
    answer = httpx.Response(200, json=statistics)
    _, running = run_activity(lambda _: answer, "voting_participation", RoundRef(round_id=ROUND))
    figures: VoterFigures = await running
    assert figures.people == 3
    proposals = ProposalFigures(per_day={}, by_area=None, by_channel=None)
    counts = RoundCounts(proposals=4, feasible=3, ballots=5)
    assert participation(counts, proposals, 10, figures).ballots == 3
    assert participation(counts, proposals, 10, None).ballots == 5
    assert (
        participation(counts, proposals, 10, figures.model_copy(update={"people": None})).ballots
        == 5
    )


async def test_the_assessment_workload_counts_verdicts_assessors_and_days_waited() -> None:
    """From assessment's public verdicts and intake's submission times: only counts."""
    verdicts = [
        {
            "proposal_id": 1,
            "outcome": "feasible",
            "assessed_by": "Eva Ek",
            "assessed_at": "2027-03-11T10:00:00Z",
        },
        {
            "proposal_id": 2,
            "outcome": "rejected",
            "assessed_by": "Eva Ek",
            "assessed_at": "2027-03-05T10:00:00Z",
        },
        {
            "proposal_id": 3,
            "outcome": "merged",
            "assessed_by": "Bo Berg",
            "assessed_at": "2027-03-31T10:00:00Z",
        },
    ]
    proposals = [proposal("2027-03-01T10:00:00Z", id=n) for n in (1, 2, 3)]

    def answer(request: httpx.Request) -> httpx.Response:
        items = verdicts if request.url.host == "assessment" else proposals
        return httpx.Response(200, json={"items": items, "total": 3, "limit": 500, "offset": 0})

    recorder, running = run_activity(answer, "assessment_workload", RoundRef(round_id=ROUND))
    workload = await running
    assert [r.url.path for r in recorder.requests] == [
        f"/rounds/{ROUND}/assessments",
        f"/rounds/{ROUND}/proposals",
    ]
    assert (workload.assessments, workload.feasible, workload.rejected, workload.merged) == (
        3,
        1,
        1,
        1,
    )
    assert workload.by_assessor == {"Bo Berg": 1, "Eva Ek": 2}
    assert (workload.median_days, workload.max_days) == (10.0, 30.0)  # 4, 10 and 30 days
