"""The kommun adapters over real HTTP to a fake kommun on loopback: signed CloudEvents and
diarium registrations, retried by Temporal through failures, acted on exactly once."""

import dataclasses
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment
from temporalio.worker import Worker

from tests.kommun_fake import DIARIUM, NOTIFICATIONS, FakeKommun
from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    DAY,
    council_decision,
    eventually,
    projects_started,
    reach,
    round_config,
    run_to_council_decision,
)
from workflows.activities.kommun import DecidedProject, DiariumRegistration, KommunActivities
from workflows.activities.services import ServiceUnavailableError
from workflows.messages.round import RoundPhase
from workflows.messages.services import Notification
from workflows.settings import WorkerSettings
from workflows.starter import start_round

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]

SECRET = "kommun-test-secret"
WHEN = datetime(2027, 10, 1, 8, tzinfo=UTC)
NOTICE = Notification(
    round_id="are-2027",
    recipients="Per Ek",
    subject="Projekt 7 är försenat",
    message="Skulle ha varit klart.",
    kind="escalation",
    key="notice-3",
    sent_at=WHEN,
)
REGISTRATION = DiariumRegistration(
    round_id="are-2027",
    kommun="Åre",
    title="Medborgarbudget 2027",
    diarienummer="KS 2027/118",
    paragraph="§ 42",
    meeting_date=WHEN.date(),
    decided_at=WHEN,
    recorded_by="Sara Sekreterare",
    approved_projects=[DecidedProject(project_id=13, cost=300_000)],
    total_cost=300_000,
    recommended_project_ids=[13, 11],
    justification="Bara 13 ryms i år.",
)


@pytest.fixture
def kommun() -> Iterator[FakeKommun]:
    with FakeKommun(SECRET) as fake:
        yield fake


def settings_for(kommun: FakeKommun, secret: str = SECRET) -> WorkerSettings:
    return WorkerSettings(
        notification_url=f"{kommun.url}{NOTIFICATIONS}",
        notification_secret=secret,
        diarium_url=f"{kommun.url}/diarium/",
        diarium_secret=secret,
    )


async def run_as(workflow_id: str, activity: Any, arg: Any) -> Any:
    env = ActivityEnvironment()
    env.info = dataclasses.replace(env.info, workflow_id=workflow_id)
    return await env.run(activity, arg)


async def test_notification_is_a_signed_cloud_event(kommun: FakeKommun) -> None:
    async with httpx.AsyncClient() as http:
        await run_as(
            "are-2027.project-7", KommunActivities(settings_for(kommun), http).notify, NOTICE
        )
    [received] = kommun.attempts(NOTIFICATIONS)
    assert (received.status, received.key) == (202, "are-2027.project-7:notice-3")
    assert received.body == {
        "specversion": "1.0",
        "id": "are-2027.project-7:notice-3",
        "source": "/medborgarbudget/rounds/are-2027",
        "type": "se.medborgarbudget.escalation",
        "subject": "are-2027.project-7",
        "time": "2027-10-01T08:00:00+00:00",
        "datacontenttype": "application/json",
        "data": {
            "round_id": "are-2027",
            "recipients": "Per Ek",
            "subject": "Projekt 7 är försenat",
            "message": "Skulle ha varit klart.",
        },
    }


async def test_a_lost_diarium_answer_is_retried_and_filed_once(kommun: FakeKommun) -> None:
    kommun.lose_next_answers(DIARIUM, 1)
    async with httpx.AsyncClient() as http:
        register = KommunActivities(settings_for(kommun), http).register_in_diarium
        with pytest.raises(ServiceUnavailableError):
            await run_as("are-2027", register, REGISTRATION)
        case = await run_as("are-2027", register, REGISTRATION)
    assert case.case_reference == "KS-DIA-1"
    assert [r.key for r in kommun.attempts(DIARIUM)] == ["are-2027:diarium-registration"] * 2
    [filed] = kommun.delivered(DIARIUM)
    assert filed == REGISTRATION.model_dump(mode="json")


async def test_a_wrong_signature_is_refused_for_good(kommun: FakeKommun) -> None:
    async with httpx.AsyncClient() as http:
        activities = KommunActivities(settings_for(kommun, secret="fel-nyckel"), http)
        with pytest.raises(ApplicationError) as refused:
            await run_as("are-2027", activities.notify, NOTICE)
    assert refused.value.non_retryable
    assert kommun.delivered(NOTIFICATIONS) == []


async def test_adapters_without_a_url_are_off_with_a_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"nothing may be sent: {request.url}")

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as http:
        activities = KommunActivities(WorkerSettings(), http)
        with caplog.at_level(logging.INFO):
            await run_as("are-2027", activities.notify, NOTICE)
            assert await run_as("are-2027", activities.register_in_diarium, REGISTRATION) is None
    assert "Notiser är avstängda (MB_NOTIFICATION_URL saknas)" in caplog.text
    assert "Diariet är avstängt (MB_DIARIUM_URL saknas)" in caplog.text


@pytest.mark.parametrize("system", ["notification", "diarium"])
async def test_a_url_without_a_secret_stops_the_worker_at_start(system: str) -> None:
    with pytest.raises(ValidationError, match=f"MB_{system.upper()}_SECRET"):
        WorkerSettings.model_validate({f"{system}_url": "http://kommun.example"})


async def test_round_reaches_the_kommun_through_failures_once_each(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker, kommun: FakeKommun
) -> None:
    """A 503 and a lost answer from the diarium, a 503 from the notification receiver: Temporal
    retries (real seconds of backoff, so few failures), the case reference arrives, and every
    message is acted on once."""
    kommun.fail_next(DIARIUM, 1)
    kommun.lose_next_answers(DIARIUM, 1)
    kommun.fail_next(NOTIFICATIONS, 1)
    async with httpx.AsyncClient() as http:
        fakes.kommun = KommunActivities(settings_for(kommun), http)
        # Only the overdue reminder at the deadline, so few notices go through the failures.
        config = await round_config(env, reminders={"council_decision": {"before": "PT0S"}})
        handle = await start_round(
            env.client, config, worker.task_queue, execution_timeout=DAY * 400
        )
        await run_to_council_decision(env, handle, fakes)
        await skip_to(env, config.timeline.council_decision_due_at)
        await eventually(lambda: len(kommun.delivered(NOTIFICATIONS)) == 4, "the reminder")
        await handle.signal("record_council_decision", council_decision([13], "Bara 13 i år."))
        await reach(handle, RoundPhase.IMPLEMENTATION)
        await projects_started(fakes)
        await eventually(lambda: len(kommun.delivered(NOTIFICATIONS)) == 5, "the receipt")

    diarium = kommun.attempts(DIARIUM)
    assert [r.status for r in diarium] == [503, 503, 201]
    assert {r.key for r in diarium} == {f"{config.id}:diarium-registration"}
    [filed] = kommun.delivered(DIARIUM)
    assert filed["approved_projects"] == [{"project_id": 13, "cost": 300_000}]
    assert (filed["recommended_project_ids"], filed["justification"]) == ([13, 11], "Bara 13 i år.")
    [case] = fakes.args("decision_record_case")
    assert case.case_reference == "KS-DIA-1"

    assert [r.status for r in kommun.attempts(NOTIFICATIONS)] == [503] + [202] * 5
    events = kommun.delivered(NOTIFICATIONS)
    assert [e["id"] for e in events] == [f"{config.id}:notice-{n}" for n in range(1, 6)]
    # The politicians hear of the approved ballot, the result and the decision due.
    assert [e["type"] for e in events] == [
        *["se.medborgarbudget.announcement"] * 3,
        "se.medborgarbudget.reminder",
        "se.medborgarbudget.receipt",
    ]
    assert {e["data"]["recipients"] for e in events[:3]} == {"kommunens politiker"}
    assert "KS-DIA-1" in events[4]["data"]["message"]
