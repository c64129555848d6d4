"""`medborgarbudget round extend-deadline|cancel`: the round workflow's operations updates.

Both are workflow updates with validators: a refused request comes back at once with the
workflow's reason (in Swedish) and leaves nothing in the round's history.
"""

import sys

from temporalio.client import WorkflowUpdateFailedError
from temporalio.service import RPCError

from medborgarbudget.rounds import _client
from workflows.display import PHASE_NAMES, stockholm_time
from workflows.messages.status import RoundStatus
from workflows.messages.updates import DeadlineExtended, DeadlineExtension, RoundCancellation
from workflows.settings import WorkerSettings


def _refused(round_id: str, error: Exception) -> int:
    cause = error.cause if isinstance(error, WorkflowUpdateFailedError) else None
    reason = str(cause) if cause is not None else getattr(error, "message", str(error))
    print(f"Omgången {round_id} ändrades inte: {reason}", file=sys.stderr)
    return 1


async def extend_deadline(round_id: str, request: DeadlineExtension) -> int:
    client = await _client(WorkerSettings())
    if client is None:
        return 1
    handle = client.get_workflow_handle(round_id)
    try:
        answer = await handle.execute_update(
            "extend_deadline", request, result_type=DeadlineExtended
        )
    except (WorkflowUpdateFailedError, RPCError) as err:
        return _refused(round_id, err)
    print(
        f"Ny tidsgräns för {PHASE_NAMES[answer.phase]} i {round_id}: "
        f"{stockholm_time(answer.deadline)}"
    )
    return 0


async def cancel(round_id: str, request: RoundCancellation) -> int:
    client = await _client(WorkerSettings())
    if client is None:
        return 1
    handle = client.get_workflow_handle(round_id)
    try:
        status = await handle.execute_update("cancel_round", request, result_type=RoundStatus)
    except (WorkflowUpdateFailedError, RPCError) as err:
        return _refused(round_id, err)
    print(f"Omgången {round_id} är avbruten ({status.phase.value}); tjänsterna har arkiverat den.")
    return 0
