"""Voting: open, wait until it closes (a moved closing moves the wait), close."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.messages.round import RoundPhase
    from workflows.phases import pot_requests
    from workflows.phases.pot_requests import POTS_PATCH

from workflows.phases.announcements import announce, announcements_on, remind_before_voting_closes
from workflows.phases.context import RoundContext
from workflows.waiting.timing import call

# Rounds whose voting closed before this code never close their threads in intake.
DISCUSSION_CLOSE_PATCH = "discussion-close"


async def run(ctx: RoundContext) -> None:
    phase = RoundPhase.VOTING
    ctx.progress.enter(phase, ctx.deadlines.required(phase), "röster", "röstberättigade")
    await call(Services.voting_open, ctx.ref)
    if announcements_on():
        closes_at = ctx.deadlines.required(phase).isoformat()
        await announce(ctx, "voting_opened", closes_at=closes_at)
        await remind_before_voting_closes(ctx)
    await ctx.deadlines.sleep(phase, "Röstningen stänger")
    closed = await call(Services.voting_close, ctx.ref)
    ctx.progress.counts.ballots = closed.ballot_count
    if closed.pots and workflow.patched(POTS_PATCH):
        pot_requests.count_ballots(ctx.progress.pots, closed.pots)
    if workflow.patched(DISCUSSION_CLOSE_PATCH):
        await call(Services.intake_close_discussion, ctx.ref)
