"""`medborgarbudget round ...`: start a round, read its status, list rounds by phase."""

import json
import sys
from typing import Any

from pydantic import ValidationError
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from services.common.temporal_connection import connect
from workflows.config import RoundConfig
from workflows.messages.status import RoundStatus
from workflows.search_attributes import ROUND_PHASE
from workflows.settings import WorkerSettings
from workflows.starter import start_round

UI_URL = "http://127.0.0.1:8233"


async def _client(settings: WorkerSettings) -> Client | None:
    try:
        return await connect(settings)
    except RuntimeError as exc:
        print(f"Når inte Temporal på {settings.temporal_address}: {exc}", file=sys.stderr)
        print("Är systemet igång? Starta det med `make run`.", file=sys.stderr)
        return None


def config_problems(raw: Any, round_id: str | None) -> tuple[RoundConfig | None, list[str]]:
    """The config, or why it cannot start a round: one line per problem, with where it is.
    Checked before anything connects, so a bad config never reaches the workflow."""
    if round_id and isinstance(raw, dict):
        raw = {**raw, "id": round_id}
    try:
        return RoundConfig.model_validate(raw), []
    except ValidationError as err:
        problems = []
        for error in err.errors():
            where = ".".join(str(part) for part in error["loc"]) or "konfigurationen"
            problems.append(f"{where}: {str(error['msg']).removeprefix('Value error, ')}")
        return None, problems


async def start(config: RoundConfig) -> int:
    settings = WorkerSettings()
    client = await _client(settings)
    if client is None:
        return 1
    try:
        handle = await start_round(client, config, settings.task_queue)
    except WorkflowAlreadyStartedError:
        print(f"Omgången {config.id} finns redan och pågår eller är klar.", file=sys.stderr)
        return 1
    print(f"Omgången {handle.id} har startat.")
    print(f"Följ den i Temporal Web UI: {UI_URL}/namespaces/default/workflows/{handle.id}")
    return 0


async def status(round_id: str, as_json: bool) -> int:
    client = await _client(WorkerSettings())
    if client is None:
        return 1
    try:
        answer = await client.get_workflow_handle(round_id).query("status", result_type=RoundStatus)
    except RPCError as exc:
        print(f"Kan inte läsa omgången {round_id}: {exc.message}", file=sys.stderr)
        return 1
    if as_json:
        print(answer.model_dump_json(indent=2))
        return 0
    deadline = answer.phase_deadline.isoformat() if answer.phase_deadline else "-"
    print(f"Omgång:     {answer.round_id}")
    print(f"Fas:        {answer.phase.value}")
    print(f"Väntar på:  {answer.waiting_for}")
    print(f"Ansvarig:   {answer.responsible}")
    print(f"Tidsgräns:  {deadline}")
    print(f"Antal:      {json.dumps(answer.counts.model_dump(), ensure_ascii=False)}")
    return 0


async def list_rounds(phase: str | None) -> int:
    client = await _client(WorkerSettings())
    if client is None:
        return 1
    query = 'WorkflowType = "BudgetRoundWorkflow"'
    if phase:
        query += f' AND RoundPhase = "{phase.upper()}"'
    count = 0
    async for execution in client.list_workflows(query):
        phase_name = execution.typed_search_attributes.get(ROUND_PHASE) or "?"
        running = execution.status == WorkflowExecutionStatus.RUNNING
        state = "pågår" if running else str(execution.status.name if execution.status else "")
        print(f"{execution.id:<30} {phase_name!s:<18} {state}")
        count += 1
    if count == 0:
        print("Inga omgångar hittades.")
    return 0


async def setup() -> int:
    """Register the search attributes on a server that was not started by `make run`."""
    from workflows.search_attributes import register

    settings = WorkerSettings()
    client = await _client(settings)
    if client is None:
        return 1
    await register(client)
    print(f"Sökattributen är registrerade i namnrymden {settings.temporal_namespace}.")
    return 0
