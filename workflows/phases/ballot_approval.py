"""Ballot approval: an official approves the feasible proposals for the vote (signal
``approve_ballot``); the approval is recorded, the ballot defined, and voting opens on time."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import FeasibleProject
    from workflows.phases import requests

from workflows.phases.context import TIMED, RoundContext
from workflows.waiting.reminders import watch
from workflows.waiting.timing import call

WHAT = "godkännandet av röstsedeln"


def approvers(ctx: RoundContext) -> str:
    return ", ".join(ctx.config.approvers) or "ansvarig tjänsteperson"


async def run(ctx: RoundContext, feasible: list[FeasibleProject]) -> None:
    phase = RoundPhase.BALLOT_APPROVAL
    waiting = "godkännande av röstsedeln (signal `approve_ballot`)"
    ctx.progress.enter(phase, ctx.deadlines.required(phase), waiting, approvers(ctx))
    reminders = watch(ctx, phase, ctx.config.reminders.ballot_approval, WHAT, approvers(ctx))
    await reminders.wait(lambda: ctx.inbox.approval is not None)
    assert ctx.inbox.approval is not None
    approval, approved_at = ctx.inbox.approval
    record = requests.ballot_approval_record(ctx.id, approval, approved_at)
    await call(Services.decision_record_ballot_approval, record)
    ballot = ctx.deadlines.copies["voting"] = requests.ballot_definition(
        ctx.id, ctx.current(), feasible
    )
    await call(Services.voting_define_ballot, ballot)
    waiting = f"att röstningen öppnar (röstsedeln godkänd av {approval.approved_by})"
    ctx.progress.wait_for(waiting, TIMED, ctx.deadlines.required(phase))
    await ctx.deadlines.sleep(phase, "Röstningen öppnar")
