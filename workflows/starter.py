"""Starting a round: what the CLI (and anything else that starts rounds) calls.

The round id is the workflow id, so a kommun can find its round by name; a finished round's id
cannot be reused, a failed one's can (fix the config and start again).
"""

from datetime import timedelta
from typing import Any

from temporalio.client import Client, WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy

from workflows.config import RoundConfig
from workflows.display import round_details, round_summary
from workflows.messages.round import RoundPhase
from workflows.messages.status import RoundOutcome
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.search_attributes import KOMMUN, PHASE_DEADLINE, ROUND_PHASE, ROUND_YEAR

# The web front shows a round's amounts in this currency (RoundStatusReader.currency).
CURRENCY_MEMO = "currency"


async def start_round(
    client: Client,
    config: RoundConfig,
    task_queue: str,
    *,
    execution_timeout: timedelta | None = None,
) -> WorkflowHandle[BudgetRoundWorkflow, RoundOutcome]:
    """Start the round's workflow; its search attributes are set from the first moment."""
    if config.id is None:
        raise ValueError("Omgången behöver ett id (config.id), t.ex. 'are-2027'.")
    search_attributes: list[SearchAttributePair[Any]] = [
        SearchAttributePair(ROUND_PHASE, RoundPhase.PREPARING.value),
        SearchAttributePair(KOMMUN, config.kommun),
        SearchAttributePair(ROUND_YEAR, config.round_year),
    ]
    if config.timeline.intake_opens_at is not None:
        search_attributes.append(
            SearchAttributePair(PHASE_DEADLINE, config.timeline.intake_opens_at)
        )
    return await client.start_workflow(
        BudgetRoundWorkflow.run,
        config,
        id=config.id,
        task_queue=task_queue,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        execution_timeout=execution_timeout,
        search_attributes=TypedSearchAttributes(search_attributes),
        memo={CURRENCY_MEMO: config.currency},
        static_summary=round_summary(config),
        static_details=round_details(config),
    )
