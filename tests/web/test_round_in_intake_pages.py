"""Pages of a round in its intake phase, read from the real round workflow (time-skipping test
server, fake services): only the proposer is offered to change or withdraw a proposal, and a
euro round started from the Temporal UI (its config only, no memo) shows euros everywhere, the
officials' amount labels too."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from fastapi.testclient import TestClient
from temporalio.client import WorkflowHandle
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from services.common.auth import Role
from tests.services.intake.helpers import PERSONNUMMER, ROUND_ID
from tests.temporal_test_server import skip_to, start_test_server
from tests.web.in_process import csrf, decision_service, sign_in_as, web_client
from tests.web.test_proposal_pages import FORM, _form
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import make_worker, reach, round_config
from workflows.messages.round import RoundPhase
from workflows.round_workflow import BudgetRoundWorkflow

pytestmark = [pytest.mark.timeout(90)]
SOMEONE_ELSE = "19850612-1238"


@pytest_asyncio.fixture
async def euro_round() -> AsyncIterator[tuple[WorkflowEnvironment, WorkflowHandle[Any, Any]]]:
    """The round ``are-2027`` in euros, in its intake phase, started as the Temporal UI starts
    a workflow: the config as its input, no memo, no search attributes."""
    env = await start_test_server()
    try:
        async with make_worker(env.client, FakeServices()) as worker:
            config = await round_config(env, id=ROUND_ID, currency="EUR")
            assert config.timeline.intake_opens_at is not None
            handle = await env.client.start_workflow(
                BudgetRoundWorkflow.run,
                config,
                id=ROUND_ID,
                task_queue=worker.task_queue,
                execution_timeout=timedelta(days=400),
            )
            await skip_to(env, config.timeline.intake_opens_at)
            await reach(handle, RoundPhase.INTAKE)
            yield env, handle
            with contextlib.suppress(RPCError):
                await handle.terminate("the test is over")
    finally:
        await env.shutdown()


def _get(client: TestClient, path: str) -> Any:
    """Off the event loop: the worker on this loop answers the page's status query."""
    return asyncio.to_thread(client.get, path)


async def test_only_the_proposer_is_offered_to_change_or_withdraw(
    database_url: str, euro_round: tuple[WorkflowEnvironment, WorkflowHandle[Any, Any]]
) -> None:
    env, _handle = euro_round
    address = env.client.service_client.config.target_host
    with web_client(database_url, temporal_address=address) as client:
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        token = await asyncio.to_thread(csrf, client, FORM)
        created = await asyncio.to_thread(client.post, FORM, data=_form(csrf_token=token))
        assert created.status_code == 303, created.text
        path = created.headers["location"].split("?")[0]

        own = (await _get(client, path)).text
        assert "Ändra förslaget" in own and "Ta tillbaka förslaget" in own
        sign_in_as(client, Role.RESIDENT, SOMEONE_ELSE)
        other = (await _get(client, path)).text
        assert "Cykelställ vid torget" in other
        assert "Ändra förslaget" not in other and "Ta tillbaka förslaget" not in other
        assert f"{path}/aterta" not in other and f"{path}/andra" not in other
        client.cookies.clear()
        anyone = (await _get(client, path)).text
        assert "Ändra förslaget" not in anyone and "Ta tillbaka förslaget" not in anyone


async def test_a_euro_round_from_the_temporal_ui_shows_euros(
    database_url: str,
    tmp_path: Path,
    euro_round: tuple[WorkflowEnvironment, WorkflowHandle[Any, Any]],
) -> None:
    env, handle = euro_round
    status = await handle.query(BudgetRoundWorkflow.status)
    assert status.currency == "EUR"  # from the config: the round has no memo
    address = env.client.service_client.config.target_host
    project = {"approved_cost": 40_000, "status": "in_progress", "progress": 50, "spent": 10_000}
    decision = decision_service(tmp_path, ROUND_ID, **{"projects/1": project})  # budget 100 000
    apps = {"decision.test": decision.app}
    with web_client(database_url, temporal_address=address, apps=apps) as client:  # type: ignore[arg-type]
        round_page = (await _get(client, f"/omgangar/{ROUND_ID}")).text
        assert "100\u00a0000\u00a0€" in round_page and "\u00a0kr" not in round_page
        sign_in_as(client, Role.RESIDENT, PERSONNUMMER)
        form = (await _get(client, FORM)).text
        assert "Uppskattad kostnad, €" in form and "Högst 500\u00a0000\u00a0€." in form
        projects = (await _get(client, f"/omgangar/{ROUND_ID}/projekt")).text
        assert "Klart: 50\u00a0%" in projects and "40\u00a0000\u00a0€" in projects
        english = (await _get(client, f"{FORM}?lang=en")).text
        assert "Estimated cost, €" in english
        sign_in_as(client, Role.OFFICIAL, "official-1")
        admin = (await _get(client, f"/omgangar/{ROUND_ID}/uppfoljning/projekt/1?lang=sv")).text
        assert "Använt totalt, €" in admin and "Använt hittills" not in admin  # no milestones
        assert "Beviljat 40\u00a0000\u00a0€" in admin and "\u00a0kr" not in admin
