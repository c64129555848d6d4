"""The proposals' threads end with the round: voting closing closes them (``voting``), and a
round that ends before that (no proposals, nothing feasible, cancelled in any phase) closes
them too, so they never stay open for writing under a round that is over.

Intake's close is idempotent and shares the voting phase's key. A round cancelled before
intake opened has no threads: intake's refusal (404) is the answer, not a failure. Rounds
that ended before this code never closed them on those paths (``DISCUSSION_END_PATCH``)."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services

from workflows.phases.context import RoundContext
from workflows.waiting.timing import call_or_refusal

DISCUSSION_END_PATCH = "discussion-close-at-end"


async def close_at_end(ctx: RoundContext) -> None:
    if workflow.patched(DISCUSSION_END_PATCH):
        await call_or_refusal(Services.intake_close_discussion, ctx.ref)
