"""Approvals sent through Temporal (UI or CLI) count only with a verified token: a typed name
proves nothing. Without a token, or with one the decision service refuses, the approval is
shown as refused in the round's current details and the round keeps waiting; with one, the
record carries the token's name, not the typed one."""

from typing import Any

import pytest
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.workflows.fakes import FakeServices
from tests.workflows.helpers import (
    council_decision,
    current_details,
    eventually,
    reach,
    run_to_ballot_approval,
    run_to_council_decision,
    start_year_long,
    status_when,
)
from workflows.messages.round import RoundPhase

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(60)]


async def _refused(handle: WorkflowHandle[Any, Any], fragment: str) -> str:
    status = await status_when(
        handle, lambda s: fragment in (s.last_rejection or ""), f"refusal with '{fragment}'"
    )
    assert status.last_rejection is not None
    return status.last_rejection


async def test_a_ballot_approval_counts_only_with_a_verified_official_token(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    handle = await start_year_long(env, worker, approvers=["Anna Andersson"])
    await run_to_ballot_approval(env, handle, fakes)

    await handle.signal("approve_ballot", {"approved_by": "Anna Andersson"})
    missing = await _refused(handle, "saknar inloggning")
    await handle.signal("approve_ballot", {"approved_by": "Anna Andersson", "token": "forged"})
    forged = await _refused(handle, "räknas inte:")
    details = await current_details(handle)
    await handle.signal("approve_ballot", {"approved_by": "Vem som helst", "token": "token-anna"})
    await eventually(lambda: "voting_define_ballot" in fakes.names(), "the ballot")

    assert missing.startswith("Godkännandet från Anna Andersson saknar inloggning")
    assert "Inloggningen gäller inte den rollen" in forged
    assert "Avvisat: Godkännandet från Anna Andersson räknas inte" in details
    checks = fakes.args("decision_verify_official")
    assert [(c.token, c.role) for c in checks] == [
        ("forged", "official"),
        ("token-anna", "official"),
    ]
    [approval] = fakes.args("decision_record_ballot_approval")
    assert approval.approved_by == "Anna Andersson"


async def test_a_council_decision_counts_only_with_the_secretarys_token(
    env: WorkflowEnvironment, fakes: FakeServices, worker: Worker
) -> None:
    handle = await start_year_long(env, worker)
    await run_to_council_decision(env, handle, fakes)

    unsigned = {**council_decision([13, 11]), "token": ""}
    await handle.signal("record_council_decision", unsigned)
    missing = await _refused(handle, "saknar inloggning")
    official = {**council_decision([13, 11]), "token": "token-anna"}  # not the secretary's
    await handle.signal("record_council_decision", official)
    wrong_role = await _refused(handle, "räknas inte:")
    typed = {**council_decision([13, 11]), "recorded_by": "Mallory"}
    await handle.signal("record_council_decision", typed)
    await reach(handle, RoundPhase.IMPLEMENTATION)

    assert missing.startswith("Beslut KS 2027/118 (Sara Sekreterare) saknar inloggning")
    assert "Inloggningen gäller inte den rollen" in wrong_role
    [recorded] = fakes.args("decision_record_council_decision")
    assert recorded.decision.recorded_by == "Sara Sekreterare"
    assert recorded.decision.token == ""
    [filed] = fakes.args("register_in_diarium")
    assert filed.recorded_by == "Sara Sekreterare"
