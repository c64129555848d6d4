"""The announcement activities over a mock transport: one keyed request per event to the
notify service, assessment outcomes read page by page (merged ones left to their notice),
officials' reminders handed on, receipts not; and off when MB_NOTIFY_URL is empty."""

import dataclasses
import json
from datetime import UTC, datetime

import httpx
import pytest
from temporalio.testing import ActivityEnvironment

from tests.workflows.mock_services import ROUND, SETTINGS, Recorder
from workflows.activities import announcements
from workflows.activities.announcements import AnnouncementActivities
from workflows.activities.kommun import KommunActivities
from workflows.activities.services import ServiceActivities
from workflows.display import messages_line
from workflows.messages.announcements import Announcement
from workflows.messages.services import Notification, RoundRef
from workflows.settings import WorkerSettings

NOTIFY = SETTINGS.model_copy(update={"notify_url": "http://notify"})
ANSWER = {
    "recipients": 3,
    "counts": {"queued": 3, "sending": 0, "sent": 0, "skipped": 0, "failed": 0},
    "round_totals": {"queued": 3, "sending": 0, "sent": 7, "skipped": 1, "failed": 0},
}
ASSESSED = [
    {"proposal_id": 11, "feasible": True, "public_reason": "Ryms.", "merged_into": None},
    {"proposal_id": 12, "feasible": False, "public_reason": "Samma.", "merged_into": 11},
    {"proposal_id": 13, "feasible": False, "public_reason": "Mark.", "merged_into": None},
]


def _answer(request: httpx.Request) -> httpx.Response:
    if request.url.host == "assessment":
        offset, limit = int(request.url.params["offset"]), int(request.url.params["limit"])
        items = ASSESSED[offset : offset + limit]
        return httpx.Response(200, json={"items": items, "total": len(ASSESSED)})
    return httpx.Response(201, json=ANSWER)


def _environment() -> ActivityEnvironment:
    env = ActivityEnvironment()
    env.info = dataclasses.replace(env.info, workflow_id=ROUND)
    return env


def _activities(settings: WorkerSettings = NOTIFY) -> tuple[Recorder, AnnouncementActivities]:
    recorder = Recorder(_answer)
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    return recorder, AnnouncementActivities(settings, ServiceActivities(settings, http))


async def test_an_event_is_one_keyed_request_and_the_rounds_totals_come_back() -> None:
    recorder, activities = _activities()
    event = Announcement(round_id=ROUND, event="voting_opened", kommun="Åre", params={"a": 1})
    summary = await _environment().run(activities.announce, event)
    (request,) = recorder.requests
    assert str(request.url) == f"http://notify/rounds/{ROUND}/announcements"
    assert request.headers["Idempotency-Key"] == f"{ROUND}:announce-voting_opened"
    assert json.loads(request.content) == {
        "event": "voting_opened",
        "kommun": "Åre",
        "ref": "",
        "params": {"a": 1},
    }
    assert (summary.recipients, summary.sent, summary.waiting, summary.skipped) == (3, 7, 3, 1)


async def test_outcomes_are_read_page_by_page_and_merged_ones_are_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(announcements, "PAGE", 2)
    recorder, activities = _activities()
    announced = await _environment().run(
        activities.announce_assessment_outcomes, RoundRef(round_id=ROUND)
    )
    assert announced == 2
    batches = [json.loads(r.content) for r in recorder.requests if r.url.host == "notify"]
    posted = [item for batch in batches for item in batch["announcements"]]
    assert [(p["ref"], p["params"]["feasible"]) for p in posted] == [("11", True), ("13", False)]
    keys = [r.headers["Idempotency-Key"] for r in recorder.requests if r.url.host == "notify"]
    assert keys == [
        f"{ROUND}:announce-assessment-outcomes-0",
        f"{ROUND}:announce-assessment-outcomes-2",
    ]


async def test_officials_reminders_go_to_notify_and_receipts_do_not() -> None:
    recorder, to_notify = _activities()
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    kommun = KommunActivities(NOTIFY, http, to_notify)
    when = datetime(2027, 3, 1, tzinfo=UTC)
    for kind in ("reminder", "receipt"):
        notice = Notification(
            round_id=ROUND, recipients="Anna Berg", subject="Bedöm", message="Tre kvar.",
            kind=kind, key=f"notice-{kind}", sent_at=when, kommun="Åre",
        )  # fmt: skip
        await _environment().run(kommun.notify, notice)
    (posted,) = [json.loads(r.content) for r in recorder.requests]
    assert posted["event"] == "official_notice"
    assert posted["ref"] == f"{ROUND}:notice-reminder"
    assert posted["params"] == {"subject": "Bedöm", "message": "Tre kvar."}
    # The notice names its official and the round's kommun: notify sends to that person.
    assert posted["to"] == "Anna Berg" and posted["kommun"] == "Åre"


async def test_announcements_are_off_without_a_notify_url() -> None:
    recorder, activities = _activities(SETTINGS.model_copy(update={"notify_url": ""}))
    event = Announcement(round_id=ROUND, event="voting_opened")
    summary = await _environment().run(activities.announce, event)
    assert recorder.requests == [] and summary.recipients == 0


def test_uncertain_e_mails_reach_the_current_details_only_when_there_are_some() -> None:
    totals = {**ANSWER["round_totals"], "uncertain": 2}  # type: ignore[dict-item]
    with_uncertain = announcements.summary_of("voting_opened", {**ANSWER, "round_totals": totals})
    plain = announcements.summary_of("voting_opened", ANSWER)  # an older notify: no such count

    assert (with_uncertain.uncertain, plain.uncertain) == (2, 0)
    assert messages_line(with_uncertain).endswith(
        "7 skickade, 3 i kö, 1 hoppade över, 0 misslyckade; 2 osäkra, utan svar från e-postservern"
    )
    assert messages_line(plain).endswith("1 hoppade över, 0 misslyckade")
