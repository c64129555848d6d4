"""Intake: proposals come in until intake closes. It opens only now: the intake service
accepts proposals once the round exists there."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.messages.round import RoundPhase
    from workflows.phases import pot_requests, requests
    from workflows.phases.pot_requests import POTS_PATCH

from workflows.phases.context import RoundContext
from workflows.waiting.timing import call


async def run(ctx: RoundContext) -> list[int]:
    """The ids of the proposals that came in."""
    phase = RoundPhase.INTAKE
    closes_at = ctx.deadlines.required(phase)
    ctx.progress.enter(phase, closes_at, "förslag", "invånare, företag och föreningar")
    setup = ctx.deadlines.copies["intake"] = requests.intake_setup(ctx.id, ctx.current())
    if ctx.config.pots and workflow.patched(POTS_PATCH):
        setup.pots = pot_requests.intake_pots(ctx.config)
        ctx.progress.pots = pot_requests.pot_counts(ctx.config)
    await call(Services.intake_open_round, setup)
    await ctx.deadlines.sleep(phase, "Förslagsinsamlingen stänger")
    closed = await call(Services.intake_close_round, ctx.ref)
    ctx.progress.counts.proposals = closed.count
    return closed.proposal_ids
