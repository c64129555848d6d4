"""Tallying: the voting service counts, the decision service keeps the result as the
recommendation to the council."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.display import format_sek
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import TallyResult
    from workflows.phases import pot_requests
    from workflows.phases.pot_requests import POTS_PATCH

from workflows.phases import politicians
from workflows.phases.announcements import announce, announcements_on
from workflows.phases.context import RoundContext
from workflows.waiting.timing import call


async def run(ctx: RoundContext) -> TallyResult:
    ctx.progress.enter(RoundPhase.TALLYING, None, "rösträkningen", "röstningstjänsten")
    tally = await call(Services.voting_tally, ctx.ref)
    ctx.progress.counts.selected = len(tally.selected)
    pots = (tally.model_extra or {}).get("pots")
    if pots and workflow.patched(POTS_PATCH):
        pot_requests.count_selected(ctx.progress.pots, pots)
    await call(Services.decision_store_recommendation, tally)
    if announcements_on():
        await announce(ctx, "results_published", voters=tally.ballot_count)
    await politicians.tell(
        ctx,
        "resultatet av omröstningen",
        f"{tally.ballot_count} röstade. {len(tally.selected)} förslag för "
        f"{format_sek(tally.total_cost)} ryms i budgeten och föreslås fullmäktige.",
    )
    return tally
