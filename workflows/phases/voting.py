"""Voting: open, wait until it closes (a moved closing moves the wait), close."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.messages.round import RoundPhase

from workflows.phases.context import RoundContext
from workflows.waiting.timing import call

# Rounds whose voting closed before this code never close their threads in intake.
DISCUSSION_CLOSE_PATCH = "discussion-close"


async def run(ctx: RoundContext) -> None:
    phase = RoundPhase.VOTING
    ctx.progress.enter(phase, ctx.deadlines.required(phase), "röster", "röstberättigade")
    await call(Services.voting_open, ctx.ref)
    await ctx.deadlines.sleep(phase, "Röstningen stänger")
    closed = await call(Services.voting_close, ctx.ref)
    ctx.progress.counts.ballots = closed.ballot_count
    if workflow.patched(DISCUSSION_CLOSE_PATCH):
        await call(Services.intake_close_discussion, ctx.ref)
