"""Driving a round on the time-skipping server: a virtual year in a few seconds.

Time is moved by hand (``env.sleep`` skips virtual time), so each signal arrives at a known
point of the timeline; the tests wait for the workflow to reach a phase by asking its
``status`` query.
"""

import asyncio
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.sdk.v1 import WorkflowMetadata
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.client import Client, WorkflowHandle
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer, Worker

from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from workflows.config import RoundConfig, Timeline
from workflows.implementation_workflow import ImplementationWorkflow
from workflows.messages.round import RoundPhase
from workflows.messages.status import RoundStatus
from workflows.project_workflow import ProjectWorkflow
from workflows.round_workflow import BudgetRoundWorkflow
from workflows.starter import start_round

DAY = timedelta(days=1)
WORKFLOWS = [BudgetRoundWorkflow, ImplementationWorkflow, ProjectWorkflow]
REPLAYER = Replayer(workflows=WORKFLOWS, data_converter=pydantic_data_converter)
# As the decision service sends it: the official's own token passed on.
BALLOT_APPROVAL = {"approved_by": "Anna Andersson", "comment": "Klar", "token": "token-anna"}
# Real seconds a test waits for the workflow to react; virtual time does not count here.
REACT_TIMEOUT = 10.0


def year_long_timeline(start: datetime) -> Timeline:
    return Timeline(
        intake_opens_at=start + 7 * DAY,
        intake_closes_at=start + 60 * DAY,
        assessment_due_at=start + 90 * DAY,
        voting_opens_at=start + 120 * DAY,
        voting_closes_at=start + 134 * DAY,
        council_decision_due_at=start + 180 * DAY,
        implementation_due_at=start + 330 * DAY,
        evaluation_at=start + 365 * DAY,
    )


async def round_config(env: WorkflowEnvironment, **changes: Any) -> RoundConfig:
    """A year-long round starting at the server's current virtual time, unique id."""
    start = await env.get_current_time()
    fields: dict[str, Any] = {
        "id": f"test-{uuid.uuid4().hex[:10]}",
        "kommun": "Åre kommun",
        "title": "Medborgarbudget för lokalt näringsliv",
        "budget": 500_000,
        "timeline": year_long_timeline(start),
        **changes,
    }
    return RoundConfig.model_validate(fields)


async def start_year_long(
    env: WorkflowEnvironment, worker: Worker, **changes: Any
) -> WorkflowHandle[BudgetRoundWorkflow, Any]:
    """A year-long round (``round_config``) started on the worker's queue."""
    config = await round_config(env, **changes)
    return await start_round(env.client, config, worker.task_queue, execution_timeout=DAY * 400)


def make_worker(client: Client, fakes: FakeServices) -> Worker:
    return Worker(
        client,
        task_queue=f"tq-{uuid.uuid4().hex}",
        workflows=WORKFLOWS,
        activities=fakes.all(),
    )


async def eventually(check: Callable[[], bool], what: str) -> None:
    """Wait (real time) until ``check`` holds; fail instead of hanging."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + REACT_TIMEOUT
    while not check():
        if loop.time() > give_up:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def idle(handle: WorkflowHandle[Any, Any]) -> None:
    """Waits until the workflow has no workflow task and no activity under way, so it can
    only wake for a timer (which does not fire while a test sends an update) or a message.
    The test server loses an update that arrives while one of its workflow tasks runs: the
    history then shows no update accepted and no task pending, and the update times out.
    """
    request = DescribeWorkflowExecutionRequest(
        namespace=handle._client.namespace, execution=WorkflowExecution(workflow_id=handle.id)
    )  # raw, for the reason given at ``search_attributes``
    loop = asyncio.get_running_loop()
    give_up = loop.time() + REACT_TIMEOUT
    while True:
        described = await handle._client.workflow_service.describe_workflow_execution(request)
        if not described.pending_activities and not described.HasField("pending_workflow_task"):
            return
        if loop.time() > give_up:
            raise AssertionError(f"timed out waiting for {handle.id} to be idle: {described}")
        await asyncio.sleep(0.05)


async def update(handle: WorkflowHandle[Any, Any], name: Any, arg: Any, **options: Any) -> Any:
    """``execute_update`` once the workflow is ``idle``: sent during a workflow task, the
    test server would lose it."""
    await idle(handle)
    return await handle.execute_update(name, arg, **options)


async def projects_started(fakes: FakeServices) -> None:
    """Waits until every approved project's workflow has run, so none is left starting when
    the test ends (the test server would start it after its parent is terminated)."""
    [record] = fakes.args("decision_record_council_decision")[-1:]
    approved = set(record.decision.approved_project_ids)
    await eventually(
        lambda: {r.project_id for r in fakes.args("decision_record_project")} == approved,
        f"projects {sorted(approved)} started",
    )


async def status_when(
    handle: WorkflowHandle[Any, Any], check: Callable[[RoundStatus], bool], what: str
) -> RoundStatus:
    """The round's status once ``check`` holds for it."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + REACT_TIMEOUT
    while True:
        status = await handle.query(BudgetRoundWorkflow.status)
        if check(status):
            return status
        if loop.time() > give_up:
            raise AssertionError(f"timed out waiting for {what}; status: {status}")
        await asyncio.sleep(0.05)


async def reach(handle: WorkflowHandle[Any, Any], phase: RoundPhase) -> RoundStatus:
    return await status_when(handle, lambda status: status.phase == phase, f"phase {phase}")


async def run_to_assessment(env: WorkflowEnvironment, handle: WorkflowHandle[Any, Any]) -> None:
    """Intake opens and closes on time."""
    timeline = (await handle.query(BudgetRoundWorkflow.status)).timeline
    assert timeline.intake_opens_at is not None
    await skip_to(env, timeline.intake_opens_at)
    await reach(handle, RoundPhase.INTAKE)
    await skip_to(env, timeline.intake_closes_at)
    await reach(handle, RoundPhase.ASSESSMENT)


async def run_to_ballot_approval(
    env: WorkflowEnvironment, handle: WorkflowHandle[Any, Any], fakes: FakeServices
) -> RoundStatus:
    """Assessment finishes early and says so by signal."""
    await run_to_assessment(env, handle)
    fakes.assessment_complete = True
    await handle.signal(BudgetRoundWorkflow.assessment_complete)
    return await reach(handle, RoundPhase.BALLOT_APPROVAL)


async def run_to_council_decision(
    env: WorkflowEnvironment, handle: WorkflowHandle[Any, Any], fakes: FakeServices
) -> RoundStatus:
    """From ballot approval (signalled as the decision service sends it) through the vote."""
    return await approve_and_vote(
        env, handle, fakes, await run_to_ballot_approval(env, handle, fakes)
    )


async def approve_and_vote(
    env: WorkflowEnvironment,
    handle: WorkflowHandle[Any, Any],
    fakes: FakeServices,
    status: RoundStatus,
) -> RoundStatus:
    await handle.signal("approve_ballot", BALLOT_APPROVAL)
    await eventually(lambda: "voting_define_ballot" in fakes.names(), "the ballot")
    await skip_to(env, status.timeline.voting_opens_at)
    await reach(handle, RoundPhase.VOTING)
    await skip_to(env, status.timeline.voting_closes_at)
    return await reach(handle, RoundPhase.COUNCIL_DECISION)


def council_decision(project_ids: list[int], justification: str = "") -> dict[str, Any]:
    """The signal payload exactly as the decision service sends it (plain JSON), with the
    secretary's token (tests/workflows/fake_decision.py)."""
    return {
        "approved_project_ids": project_ids,
        "diarienummer": "KS 2027/118",
        "paragraph": "§ 42",
        "meeting_date": "2027-06-10",
        "justification": justification,
        "recorded_by": "Sara Sekreterare",
        "token": "token-sara",
    }


async def current_details(handle: WorkflowHandle[Any, Any]) -> str:
    metadata = await handle.query("__temporal_workflow_metadata", result_type=WorkflowMetadata)
    return str(metadata.current_details)


async def search_attributes(client: Client, workflow_id: str) -> dict[str, Any]:
    """The workflow's search attributes as JSON values.

    Read raw: the time-skipping server keeps an unset attribute as a null payload, which the
    SDK's typed decoding cannot read.
    """
    request = DescribeWorkflowExecutionRequest(
        namespace=client.namespace, execution=WorkflowExecution(workflow_id=workflow_id)
    )
    described = await client.workflow_service.describe_workflow_execution(request)
    fields = described.workflow_execution_info.search_attributes.indexed_fields
    return {
        name: json.loads(payload.data)
        for name, payload in fields.items()
        if payload.metadata.get("encoding") != b"binary/null"
    }


async def history_length(handle: WorkflowHandle[Any, Any]) -> int:
    return len([event async for event in handle.fetch_history_events()])
