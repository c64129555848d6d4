"""A round's currency travels from its config to the web front: in the ``status`` query's
answer, and (for workers from before that) through the workflow's memo, set by the starter,
never by workflow code; so a replayed euro election shows euros. The ballot carries it to the
voting service's open data."""

import json
from datetime import timedelta

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from services.web.round_status import RoundStatusReader
from services.web.settings import WebSettings
from tests.workflows.helpers import round_config
from tests.workflows.mock_services import BALLOT, run_activity
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import CURRENCY_MEMO, start_round


async def test_the_web_reads_the_rounds_currency_from_the_memo(
    env: WorkflowEnvironment, worker: Worker
) -> None:
    euro = await round_config(env, currency="EUR")
    kronor = await round_config(env)
    for config in (euro, kronor):
        await start_round(
            env.client, config, worker.task_queue, execution_timeout=timedelta(days=400)
        )
    reader = RoundStatusReader(WebSettings(log_format="plain"))
    reader._client = env.client  # the test server instead of MB_TEMPORAL_ADDRESS
    assert CURRENCY_MEMO == "currency"
    assert await reader.currency(str(euro.id)) == "EUR"
    assert await reader.currency(str(kronor.id)) == "SEK"
    assert await reader.currency("no-such-round") is None


@pytest.mark.asyncio(loop_scope="session")  # the worker runs on the session's loop
@pytest.mark.timeout(60)
async def test_a_round_started_without_the_memo_has_its_currency_in_its_status(
    env: WorkflowEnvironment, worker: Worker
) -> None:
    """As the Temporal UI starts it: the config as input, nothing else."""
    euro = await round_config(env, currency="EUR")
    handle = await env.client.start_workflow(
        BudgetRoundWorkflow.run,
        euro,
        id=str(euro.id),
        task_queue=worker.task_queue,
        execution_timeout=timedelta(days=400),
    )
    status = await handle.query(BudgetRoundWorkflow.status)
    assert status.currency == "EUR"
    reader = RoundStatusReader(WebSettings(log_format="plain"))
    reader._client = env.client
    assert await reader.currency(str(euro.id)) is None  # no memo
    assert await reader.currency(str(euro.id), status.model_dump(mode="json")) == "EUR"


@pytest.mark.parametrize(("currency", "sent"), [("EUR", "EUR"), ("SEK", None)])
async def test_the_ballot_carries_the_rounds_currency_unless_it_is_kronor(
    currency: str, sent: str | None
) -> None:
    """Kronor are voting's default: such a ballot's body is as before rounds had a currency,
    so a retried write under the same idempotency key is the same write."""
    ballot = BALLOT.model_copy(update={"currency": currency})
    recorder, running = run_activity(
        lambda _: httpx.Response(200, json={}), "voting_define_ballot", ballot
    )
    await running
    assert json.loads(recorder.requests[0].content).get("currency") == sent
