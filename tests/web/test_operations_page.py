"""An official moves a deadline and cancels a round from the web: the updates reach the real
round workflow (time-skipping test server, fake services) and its validators' refusals are
said beside the form's fields."""

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from services.common.auth import Role
from services.web.formats import STOCKHOLM
from services.web.i18n import LANG_COOKIE
from tests.services.intake.helpers import ROUND_ID
from tests.web.in_process import csrf, sign_in_as, web_client
from tests.workflows.helpers import reach
from workflows.messages.round import RoundPhase
from workflows.round_workflow import BudgetRoundWorkflow

pytestmark = [pytest.mark.timeout(90)]
PAGE = f"/omgangar/{ROUND_ID}/drift"


async def _post(client: TestClient, path: str, form: dict[str, str]) -> Any:
    """Off the event loop: the worker on this loop must answer the update meanwhile."""
    return await asyncio.to_thread(client.post, path, data=form)


async def test_an_official_moves_a_deadline_and_a_refusal_is_said_beside_its_field(
    database_url: str, running_round: tuple[WorkflowEnvironment, WorkflowHandle[Any, Any]]
) -> None:
    env, handle = running_round
    address = env.client.service_client.config.target_host
    status = await handle.query(BudgetRoundWorkflow.status)
    later = (status.timeline.intake_closes_at + timedelta(days=5)).astimezone(STOCKHOLM)
    with web_client(database_url, temporal_address=address) as client:
        sign_in_as(client, Role.OFFICIAL, "official-1")
        token = await asyncio.to_thread(csrf, client, PAGE)
        form = {"csrf_token": token, "phase": "INTAKE", "reason": "Få förslag hittills."}

        past = await _post(client, f"{PAGE}/tidsgrans", form | {"until": "2020-01-01T12:00"})
        assert past.status_code == 422
        assert 'id="e-until"' in past.text and "i framtiden" in past.text
        client.cookies.set(LANG_COOKIE, "en")  # the workflow's Swedish refusal, in English
        english = await _post(client, f"{PAGE}/tidsgrans", form | {"until": "2020-01-01T12:00"})
        assert "must be in the future" in english.text and "i framtiden" not in english.text
        client.cookies.set(LANG_COOKIE, "sv")
        no_reason = form | {"until": later.strftime("%Y-%m-%dT%H:%M"), "reason": ""}
        refused = await _post(client, f"{PAGE}/tidsgrans", no_reason)
        assert refused.status_code == 422 and 'id="e-reason"' in refused.text

        moved = await _post(
            client, f"{PAGE}/tidsgrans", form | {"until": later.strftime("%Y-%m-%dT%H:%M")}
        )
        assert moved.status_code == 303, moved.text
        page = await asyncio.to_thread(client.get, moved.headers["location"])
        assert "Tidsgränsen är flyttad" in page.text and "Få förslag hittills." in page.text
        english = (await asyncio.to_thread(client.get, f"{PAGE}?lang=en")).text
        assert ">Voting</option>" in english and ">Röstning</option>" not in english

    [change] = (await handle.query(BudgetRoundWorkflow.status)).deadline_changes
    assert change.phase == RoundPhase.INTAKE and change.requested_by == "Kim Andersson"
    assert change.deadline == later.replace(second=0, microsecond=0)


async def test_an_official_cancels_the_round_only_when_confirmed(
    database_url: str, running_round: tuple[WorkflowEnvironment, WorkflowHandle[Any, Any]]
) -> None:
    env, handle = running_round
    address = env.client.service_client.config.target_host
    with web_client(database_url, temporal_address=address) as client:
        sign_in_as(client, Role.RESIDENT, "bankid-1")
        assert (await asyncio.to_thread(client.get, PAGE)).status_code == 403
        sign_in_as(client, Role.OFFICIAL, "official-1")
        token = await asyncio.to_thread(csrf, client, PAGE)
        reason = "Nämnden har beslutat att skjuta upp medborgarbudgeten ett år."
        form = {"csrf_token": token, "cancel_reason": reason}

        unconfirmed = await _post(client, f"{PAGE}/avbryt", form)
        assert unconfirmed.status_code == 422 and 'id="e-confirm"' in unconfirmed.text
        short = await _post(
            client, f"{PAGE}/avbryt", form | {"confirm": "ja", "cancel_reason": "Nej"}
        )
        assert short.status_code == 422 and 'id="e-cancel_reason"' in short.text
        cancelled = await _post(client, f"{PAGE}/avbryt", form | {"confirm": "ja"})
        assert cancelled.status_code == 303, cancelled.text

    status = await reach(handle, RoundPhase.CANCELLED)
    assert status.cancellation is not None and status.cancellation.reason == reason


def test_a_workflow_that_does_not_answer_is_said_at_the_top(database_url: str) -> None:
    with web_client(database_url) as client:  # Temporal is not there
        sign_in_as(client, Role.OFFICIAL, "official-1")
        page = client.get(PAGE)
        assert page.status_code == 200 and "svarar inte just nu" in page.text
        form = {"csrf_token": csrf(client, PAGE), "phase": "INTAKE", "reason": "Få förslag."}
        answer = client.post(f"{PAGE}/tidsgrans", data=form | {"until": "2099-01-01T12:00"})
        assert answer.status_code == 422 and "svarade inte" in answer.text
        assert 'id="error-summary"' in answer.text


def test_operations_staff_find_the_page(database_url: str) -> None:
    with web_client(database_url) as client:
        sign_in_as(client, Role.OPERATIONS, "drift-1")
        assert f'href="{PAGE}"' in client.get(f"/omgangar/{ROUND_ID}").text
        assert client.get(PAGE).status_code == 200
