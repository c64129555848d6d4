"""Delivering the assessment service's merge notices through the notification adapter."""

import dataclasses
import json

import httpx
from temporalio.testing import ActivityEnvironment

from tests.workflows.mock_services import ROUND, SETTINGS, Recorder
from workflows.activities.kommun import KommunActivities
from workflows.activities.merge_notices import MergeNoticeActivities
from workflows.activities.services import ServiceActivities
from workflows.messages.services import RoundRef

NOTICES = [
    {
        "id": 7,
        "proposal_id": 12,
        "merged_into": 11,
        "public_reason": "Samma cykelställ.",
        "created_at": "2027-04-02T10:00:00+00:00",
    },
    {
        "id": 8,
        "proposal_id": 14,
        "merged_into": 11,
        "public_reason": "Samma plats.",
        "created_at": "2027-04-03T10:00:00+00:00",
    },
]


def _assessment_outbox() -> Recorder:
    """Answers like the assessment service: pending notices until each is marked delivered."""
    delivered: set[int] = set()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "kommun":
            return httpx.Response(202, json={})
        if request.method == "GET":
            pending = [n for n in NOTICES if n["id"] not in delivered]
            return httpx.Response(200, json={"items": pending, "total": len(pending)})
        delivered.add(int(request.url.path.split("/")[-2]))
        return httpx.Response(200, json={})

    return Recorder(answer)


async def test_each_notice_is_sent_once_then_marked_delivered() -> None:
    recorder = _assessment_outbox()
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    settings = SETTINGS.model_copy(update={"notification_url": "http://kommun/notiser"})
    activities = MergeNoticeActivities(
        ServiceActivities(settings, http), KommunActivities(settings, http)
    )
    env = ActivityEnvironment()
    env.info = dataclasses.replace(env.info, workflow_id=ROUND)

    delivered = await env.run(activities.deliver_merge_notices, RoundRef(round_id=ROUND))

    assert delivered == 2
    sent = [r for r in recorder.requests if r.url.host == "kommun"]
    events = [json.loads(r.content) for r in sent]
    assert [e["data"]["recipients"] for e in events] == [
        "förslagsställaren till förslag 12",
        "förslagsställaren till förslag 14",
    ]
    assert "Samma cykelställ." in events[0]["data"]["message"]
    assert [r.headers["idempotency-key"] for r in sent] == [
        f"{ROUND}:merge-notice-7",
        f"{ROUND}:merge-notice-8",
    ]
    assert events[0]["time"] == "2027-04-02T10:00:00+00:00"
    marks = [r for r in recorder.requests if r.method == "POST" and r.url.host == "assessment"]
    assert [r.headers["idempotency-key"] for r in marks] == [
        f"{ROUND}:merge-notice-7-delivered",
        f"{ROUND}:merge-notice-8-delivered",
    ]
    assert recorder.requests[-1].method == "GET"  # the last look finds the outbox empty
