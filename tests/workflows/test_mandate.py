"""The mandate: the decision that set the round up. Given in the config, it is recorded while
the round prepares; said to be still to come, the round waits in PREPARING (past the opening
of intake) for the update ``record_mandate``, which is refused with the reason, and nothing
recorded, when it is bad: a budget that differs from the round's, a token that is not the
council secretary's, a round that does not wait for it."""

from typing import Any

import pytest
from pydantic import ValidationError
from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from services.common.errors import Problem
from services.common.settings import PlatformSettings
from services.common.signals import TemporalSignaler
from tests.temporal_test_server import skip_to
from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    DAY,
    REPLAYER,
    reach,
    round_config,
    start_year_long,
    status_when,
    update,
)
from workflows.messages.mandate import MandateRecord
from workflows.messages.round import RoundPhase

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]

DECISION: dict[str, Any] = {
    "body": "kommunfullmäktige",
    "diarienummer": "KS 2026/412",
    "paragraph": "§ 87",
    "decided_on": "2026-11-20",
    "budget": 500_000,
    "criteria": ["Projektet ska gynna det lokala näringslivet"],
}


async def _refusal(handle: WorkflowHandle[Any, Any], mandate: dict[str, Any]) -> str:
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await update(handle, "record_mandate", mandate)
    cause = refused.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == "InvalidMandate"
    return cause.message


async def test_an_awaited_mandate_holds_the_round_until_the_secretary_records_it(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    handle = await start_year_long(env, worker, mandate={"awaited": True})
    status = await status_when(handle, lambda s: "record_mandate" in s.waiting_for, "waiting")
    assert status.timeline.intake_opens_at is not None
    await skip_to(env, status.timeline.intake_opens_at + DAY)
    assert (await reach(handle, RoundPhase.PREPARING)).responsible == "nämndens sekreterare"

    signed = {**DECISION, "recorded_by": "Sara", "token": "token-sara"}
    budget = await _refusal(handle, {**signed, "budget": 400_000})
    date = await _refusal(handle, {**signed, "decided_on": "9999-01-01"})
    unsigned = await _refusal(handle, {**signed, "token": ""})
    official = await _refusal(handle, {**signed, "token": "token-anna"})
    assert fakes.args("decision_record_mandate") == []
    record = await update(handle, "record_mandate", signed, result_type=MandateRecord)
    await reach(handle, RoundPhase.INTAKE)
    again = await _refusal(handle, signed)

    assert budget.startswith("Beslutets budget (400000 kr) skiljer sig från omgångens budget")
    assert "decided_on" in date and "saknar inloggning" in unsigned
    assert official.startswith("Beslutet räknas inte: Inloggningen gäller inte den rollen")
    assert record.recorded_by == "Sara Sekreterare" and record.decision.paragraph == "§ 87"
    assert [c.role for c in fakes.args("decision_verify_official")] == ["council_secretary"] * 2
    [recorded] = fakes.args("decision_record_mandate")
    assert recorded == record
    assert again == "Omgången väntar inte på kommunens beslut om omgången."
    await handle.terminate()
    await REPLAYER.replay_workflow(await handle.fetch_history())


async def test_a_decided_mandate_is_recorded_while_preparing_and_not_waited_for(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    handle = await start_year_long(env, worker, mandate={"decision": DECISION})
    status = await status_when(
        handle, lambda s: bool(fakes.args("decision_record_mandate")), "mandate recorded"
    )
    [recorded] = fakes.args("decision_record_mandate")
    refused = await _refusal(handle, {**DECISION, "recorded_by": "Sara", "token": "token-sara"})
    assert status.timeline.intake_opens_at is not None
    await skip_to(env, status.timeline.intake_opens_at)
    await reach(handle, RoundPhase.INTAKE)

    assert recorded.recorded_by == "omgångens konfiguration"
    assert recorded.decision.diarienummer == "KS 2026/412" and recorded.decision.budget == 500_000
    assert refused == "Omgången väntar inte på kommunens beslut om omgången."
    await handle.terminate()


async def test_a_config_whose_mandate_differs_in_budget_or_is_both_decided_and_awaited_fails(
    env: WorkflowEnvironment,
) -> None:
    with pytest.raises(ValidationError, match="skiljer sig från omgångens budget"):
        await round_config(env, mandate={"decision": {**DECISION, "budget": 1}})
    with pytest.raises(ValidationError, match="antingen som beslut"):
        await round_config(env, mandate={"decision": DECISION, "awaited": True})
    with pytest.raises(ValidationError, match="antingen som beslut"):
        await round_config(env, mandate={})


async def test_the_services_update_answers_the_record_or_the_refusal_as_a_problem(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    """``TemporalSignaler.update``, which the decision service's POST /mandate uses, against
    the real test server: a refusal becomes a 422 with the round's reason, a round Temporal
    does not know a 404, an accepted update its record."""
    handle = await start_year_long(env, worker, mandate={"awaited": True})
    await status_when(handle, lambda s: "record_mandate" in s.waiting_for, "waiting")
    signaler = TemporalSignaler(PlatformSettings())
    signaler._client = env.client  # the test server's client instead of connecting
    signed = {**DECISION, "recorded_by": "Sara", "token": "token-sara"}

    with pytest.raises(Problem) as refused:
        await signaler.update(handle.id, "record_mandate", {**signed, "budget": 400_000})
    with pytest.raises(Problem) as unknown:
        await signaler.update("no-such-round", "record_mandate", signed)
    record = await signaler.update(handle.id, "record_mandate", signed)

    assert (refused.value.status, refused.value.code) == (422, "update-refused")
    assert refused.value.detail.startswith("Beslutets budget (400000 kr) skiljer sig")
    assert (unknown.value.status, unknown.value.code) == (404, "workflow-not-found")
    assert MandateRecord.model_validate(record).recorded_by == "Sara Sekreterare"
    await handle.terminate()
