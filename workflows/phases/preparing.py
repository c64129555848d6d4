"""Preparing: the round is registered in the decision service and waits until intake opens."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.messages.round import RoundPhase
    from workflows.phases import requests

from workflows.phases import mandate
from workflows.phases.context import TIMED, RoundContext
from workflows.waiting.timing import call

# Rounds that reach preparing after this change pass their indicator list to the decision
# service (docs/versioning.md); older rounds measure the defaults.
ROUND_INDICATORS_PATCH = "round-indicators"


async def run(ctx: RoundContext) -> None:
    opens_at = ctx.deadlines.of(RoundPhase.PREPARING)
    ctx.progress.enter(RoundPhase.PREPARING, opens_at, "att insamlingen öppnar", TIMED)
    indicators = workflow.patched(ROUND_INDICATORS_PATCH)
    setup = requests.decision_setup(ctx.id, ctx.config, with_indicators=indicators)
    await call(Services.decision_register_round, setup)
    if ctx.config.mandate is not None and workflow.patched(mandate.MANDATE_PATCH):
        await mandate.settle(ctx)
        ctx.progress.wait_for("att insamlingen öppnar", TIMED, opens_at)
    await ctx.deadlines.sleep(RoundPhase.PREPARING, "Förslagsinsamlingen öppnar")
