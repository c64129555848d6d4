"""The activities the later phases add: the diarium's case reference, and participation
figures that page through intake's public list and keep only counts."""

import json
from typing import Any

import httpx

from tests.workflows.mock_services import ROUND, WHEN, run_activity
from workflows.service_models import CaseReference, ProposalFigures, RoundRef


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
        offset = int(request.url.params["offset"])
        items = pages[0] if offset == 0 else pages[1] if offset == 500 else []
        return httpx.Response(
            200, json={"items": items, "total": 502, "limit": 500, "offset": offset}
        )

    recorder, running = run_activity(answer, "intake_participation", RoundRef(round_id=ROUND))
    figures: ProposalFigures = await running
    assert [r.url.params["offset"] for r in recorder.requests] == ["0", "500"]
    assert figures.per_day == {"2027-02-01": 500, "2027-02-02": 2}
    assert figures.by_area == {"are-by": 500, "jarpen": 1}
    assert figures.by_channel == {"phone": 1, "web": 501}


async def test_participation_without_breakdowns_says_unknown() -> None:
    items = [proposal("2027-02-01T10:00:00Z")]
    body = {"items": items, "total": 1, "limit": 500, "offset": 0}
    _, running = run_activity(
        lambda _: httpx.Response(200, json=body), "intake_participation", RoundRef(round_id=ROUND)
    )
    figures = await running
    assert (figures.by_area, figures.by_channel) == (None, None)
