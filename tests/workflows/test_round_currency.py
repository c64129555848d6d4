"""A round's currency travels from its config to the web front through the workflow's memo
(set by the starter, never by workflow code), so a replayed euro election shows euros."""

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from services.web.round_status import RoundStatusReader
from services.web.settings import WebSettings
from tests.workflows.helpers import round_config
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
