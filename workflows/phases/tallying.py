"""Tallying: the voting service counts, the decision service keeps the result as the
recommendation to the council."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.display import format_sek
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import TallyResult

from workflows.phases import politicians
from workflows.phases.context import RoundContext
from workflows.waiting.timing import call


async def run(ctx: RoundContext) -> TallyResult:
    ctx.progress.enter(RoundPhase.TALLYING, None, "rösträkningen", "röstningstjänsten")
    tally = await call(Services.voting_tally, ctx.ref)
    ctx.progress.counts.selected = len(tally.selected)
    await call(Services.decision_store_recommendation, tally)
    await politicians.tell(
        ctx,
        "resultatet av omröstningen",
        f"{tally.ballot_count} röstade. {len(tally.selected)} förslag för "
        f"{format_sek(tally.total_cost)} ryms i budgeten och föreslås fullmäktige.",
    )
    return tally
