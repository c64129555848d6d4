"""The round's phase and timeline come from its workflow (the only owner of the phase), read
with the workflow's ``status`` query; the list of rounds from Temporal's visibility store."""

import asyncio
import logging
from typing import Any

from temporalio.client import Client

from services.common.temporal_connection import connect
from services.web.settings import WebSettings

log = logging.getLogger(__name__)
ROUND_WORKFLOW = "BudgetRoundWorkflow"
CURRENCY_MEMO = "currency"  # workflows.starter.CURRENCY_MEMO (the web does not import workflows)


class RoundStatusReader:
    """Connects lazily; a Temporal that does not answer gives ``None``, never a broken page."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self._client: Client | None = None
        self._currencies: dict[str, str] = {}

    async def client(self) -> Client:
        """The Temporal client, connected on first use (the operations page sends updates)."""
        if self._client is None:
            self._client = await asyncio.wait_for(
                connect(self.settings),
                timeout=self.settings.backend_timeout,
            )
        return self._client

    async def status(self, round_id: str) -> dict[str, Any] | None:
        try:
            client = await self.client()
            handle = client.get_workflow_handle(round_id)
            answer = await asyncio.wait_for(
                handle.query("status"), timeout=self.settings.backend_timeout
            )
        except Exception as exc:  # noqa: BLE001 - any failure means "phase unknown" on screen
            log.warning("round status unavailable for %s: %s", round_id, exc)
            return None
        return answer if isinstance(answer, dict) else answer.model_dump(mode="json")

    async def currency(self, round_id: str, status: dict[str, Any] | None = None) -> str | None:
        """The currency the round's amounts are in: from its config, as the ``status`` query
        gives it, else (a worker from before that) from its workflow's memo, set once when the
        starter started it, so remembered; None when Temporal does not answer or knows none."""
        given = (status or {}).get("currency")
        if isinstance(given, str) and len(given) == 3:
            return given
        if round_id in self._currencies:
            return self._currencies[round_id]
        try:
            client = await self.client()
            described = await asyncio.wait_for(
                client.get_workflow_handle(round_id).describe(),
                timeout=self.settings.backend_timeout,
            )
            found = await described.memo_value(CURRENCY_MEMO, default=None)
        except Exception as exc:  # noqa: BLE001 - amounts then show in kronor
            log.warning("round currency unavailable for %s: %s", round_id, exc)
            return None
        if isinstance(found, str) and len(found) == 3:
            self._currencies[round_id] = found
            return found
        return None

    async def round_ids(self, limit: int = 50) -> list[str] | None:
        """The newest rounds' ids, or None when Temporal does not answer."""
        try:
            client = await self.client()
            ids: list[str] = []
            query = f"WorkflowType = '{ROUND_WORKFLOW}'"
            async for execution in client.list_workflows(query, limit=limit):
                if execution.id not in ids:
                    ids.append(execution.id)
            return ids
        except Exception as exc:  # noqa: BLE001 - shown as "no list" on the start page
            log.warning("round list unavailable: %s", exc)
            return None
