"""Signalling the round workflow from a service endpoint (approvals entered by people).

The endpoint authenticates the official, checks the input, then signals; the workflow records
the approval back in the service through an activity. Tests may replace ``app.state.signaler``
with anything that has the same ``signal`` coroutine.
"""

import logging
from typing import Any, Protocol

from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from services.common.errors import Problem
from services.common.settings import PlatformSettings
from services.common.temporal_connection import connect

log = logging.getLogger(__name__)


class Signaler(Protocol):
    async def signal(self, workflow_id: str, signal: str, payload: Any | None = None) -> None: ...


class Updater(Protocol):
    async def update(self, workflow_id: str, update: str, payload: Any) -> Any: ...


class TemporalSignaler:
    """Connects lazily, so a service starts even while the Temporal server is still booting."""

    def __init__(self, settings: PlatformSettings) -> None:
        self._settings = settings
        self._client: Client | None = None

    async def _get_client(self) -> Client:
        if self._client is None:
            self._client = await connect(self._settings)
        return self._client

    async def signal(self, workflow_id: str, signal: str, payload: Any | None = None) -> None:
        try:
            client = await self._get_client()
            handle = client.get_workflow_handle(workflow_id)
            if payload is None:
                await handle.signal(signal)
            else:
                await handle.signal(signal, payload)
        except (RPCError, RuntimeError) as exc:
            raise _failed(exc, f"signal {signal}", workflow_id) from exc

    async def update(self, workflow_id: str, update: str, payload: Any) -> Any:
        """The update's answer; its refusal (validator or handler) as a 422 with the reason."""
        try:
            client = await self._get_client()
            return await client.get_workflow_handle(workflow_id).execute_update(update, payload)
        except WorkflowUpdateFailedError as exc:
            cause = exc.cause
            reason = cause.message if isinstance(cause, ApplicationError) else str(cause)
            raise Problem(422, reason, code="update-refused") from exc
        except (RPCError, RuntimeError) as exc:
            raise _failed(exc, f"update {update}", workflow_id) from exc


def _failed(exc: RPCError | RuntimeError, what: str, workflow_id: str) -> Problem:
    """A round Temporal does not know (404), or Temporal failing or unreachable (a
    RuntimeError: connection refused while connecting) as 503."""
    if isinstance(exc, RPCError) and exc.status == RPCStatusCode.NOT_FOUND:
        return Problem(
            404, f"Det finns ingen pågående omgång '{workflow_id}'.", code="workflow-not-found"
        )
    log.warning("%s to %s failed: %s", what, workflow_id, exc)
    return _unavailable()


def _unavailable() -> Problem:
    return Problem(
        503,
        "Processmotorn svarar inte just nu. Försök igen om en stund.",
        code="temporal-unavailable",
        headers={"Retry-After": "5"},
    )
