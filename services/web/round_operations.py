"""The round's operations updates as officials send them from the web: move a deadline, cancel
the round. The workflow's validators decide and answer in Swedish; the page shows the answer
beside the form, in its language (``services.web.problems.service_text``). Staff with the
Temporal UI or the CLI send the very same updates.
"""

import asyncio
import contextlib
from datetime import datetime
from typing import Any

from temporalio.client import WorkflowUpdateFailedError, WorkflowUpdateStage
from temporalio.service import RPCError, RPCStatusCode

from services.web.formats import STOCKHOLM
from services.web.i18n import N_
from services.web.round_status import RoundStatusReader

# The phases with a deadline the page offers to move, in the round's order.
DEADLINE_PHASES = (
    "INTAKE",
    "ASSESSMENT",
    "BALLOT_APPROVAL",
    "VOTING",
    "COUNCIL_DECISION",
    "IMPLEMENTATION",
    "EVALUATION",
)


# How long the page waits for a cancellation to finish before it says it is under way.
ACCEPTED_WAIT_SECONDS = 3.0
# How long it waits for the workflow at all (no worker running, Temporal down).
UPDATE_TIMEOUT_SECONDS = 15.0
NO_ANSWER = N_(
    "Omgångens arbetsflöde svarade inte. Se efter i tidsplanen om en stund om ändringen "
    "gick igenom, och försök annars igen."
)
NOT_RUNNING = N_("Omgången körs inte längre; inget kan ändras.")


class Refused(Exception):
    """The workflow (or Temporal) said no; the message is for the official, ``kind`` the
    validator's error type (``InvalidDeadline``, ``InvalidRequest``, ...)."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.message, self.kind = message, kind


def swedish_time(value: str) -> datetime | None:
    """A ``datetime-local`` value (``2027-06-01T12:00``) as Swedish time; ``None`` if it is not
    one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=STOCKHOLM) if moment.tzinfo is None else moment


async def extend_deadline(
    reader: RoundStatusReader, round_id: str, phase: str, until: datetime, reason: str, by: str
) -> dict[str, Any]:
    request = {"phase": phase, "until": until.isoformat(), "reason": reason, "requested_by": by}
    answer: dict[str, Any] = await _update(reader, round_id, "extend_deadline", request, wait=True)
    return answer


async def cancel_round(reader: RoundStatusReader, round_id: str, reason: str, by: str) -> None:
    """Returns once the workflow accepted the cancellation; archiving and telling people goes
    on in the workflow (its status shows it)."""
    await _update(
        reader, round_id, "cancel_round", {"reason": reason, "cancelled_by": by}, wait=False
    )


async def _update(
    reader: RoundStatusReader, round_id: str, name: str, request: dict[str, Any], *, wait: bool
) -> Any:
    try:
        return await asyncio.wait_for(
            _send(reader, round_id, name, request, wait=wait), timeout=UPDATE_TIMEOUT_SECONDS
        )
    except WorkflowUpdateFailedError as error:
        cause = error.cause
        message = getattr(cause, "message", None) or str(cause)
        raise Refused(message, getattr(cause, "type", None) or "") from error
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise Refused(NOT_RUNNING) from error
        raise Refused(NO_ANSWER) from error
    except TimeoutError as error:
        raise Refused(NO_ANSWER) from error


async def _send(
    reader: RoundStatusReader, round_id: str, name: str, request: dict[str, Any], *, wait: bool
) -> Any:
    try:
        client = await reader.client()
    except RuntimeError as error:  # the SDK's "Failed client connect"
        raise Refused(NO_ANSWER) from error
    handle = client.get_workflow_handle(round_id)
    if wait:
        return await handle.execute_update(name, request)
    started = await handle.start_update(name, request, wait_for_stage=WorkflowUpdateStage.ACCEPTED)
    # A refusal is the update's outcome at once; an accepted one may take a while.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(started.result(), timeout=ACCEPTED_WAIT_SECONDS)
    return None
