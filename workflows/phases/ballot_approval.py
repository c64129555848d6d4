"""Ballot approval: an official approves the feasible proposals for the vote (signal
``approve_ballot``, counted once its token is verified); the approval is recorded, the ballot
defined, and voting opens on time."""

from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.display import stockholm_time
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import FeasibleProject
    from workflows.messages.signals import BallotApproval
    from workflows.phases import pot_requests, requests
    from workflows.phases.pot_requests import POTS_PATCH

from workflows.phases import politicians
from workflows.phases.context import TIMED, RoundContext
from workflows.phases.officials import verified_name
from workflows.waiting.reminders import Watch, watch
from workflows.waiting.timing import call

WHAT = "godkännandet av röstsedeln"


def approvers(ctx: RoundContext) -> str:
    return ", ".join(ctx.config.approvers) or "ansvarig tjänsteperson"


async def run(ctx: RoundContext, feasible: list[FeasibleProject]) -> None:
    phase = RoundPhase.BALLOT_APPROVAL
    waiting = "godkännande av röstsedeln (signal `approve_ballot`)"
    ctx.progress.enter(phase, ctx.deadlines.required(phase), waiting, approvers(ctx))
    reminders = watch(ctx, phase, ctx.config.reminders.ballot_approval, WHAT, approvers(ctx))
    approval, approved_at = await _verified_approval(ctx, reminders)
    record = requests.ballot_approval_record(ctx.id, approval, approved_at)
    await call(Services.decision_record_ballot_approval, record)
    ballot = ctx.deadlines.copies["voting"] = requests.ballot_definition(
        ctx.id, ctx.current(), feasible
    )
    if ctx.config.pots and workflow.patched(POTS_PATCH):
        # Beside the copy a moved deadline sends again: the round's ballot takes no pots.
        pots = pot_requests.ballot_pots(ctx.current())
        ballot = ballot.model_copy(update={"pots": pots})
    await call(Services.voting_define_ballot, ballot)
    await politicians.tell(
        ctx,
        "röstsedeln är godkänd",
        f"{approval.approved_by} godkände röstsedeln med {len(feasible)} förslag. "
        f"Röstningen öppnar {stockholm_time(ctx.deadlines.timeline.voting_opens_at)}.",
    )
    waiting = f"att röstningen öppnar (röstsedeln godkänd av {approval.approved_by})"
    ctx.progress.wait_for(waiting, TIMED, ctx.deadlines.required(phase))
    await ctx.deadlines.sleep(phase, "Röstningen öppnar")


async def _verified_approval(
    ctx: RoundContext, reminders: Watch
) -> tuple[BallotApproval, datetime]:
    """The first approval whose token proves an official of the round's kommun, one of the
    round's approvers if it names any; recorded under the token's name."""
    pending, allowed = ctx.inbox.approvals, ctx.config.approvers
    while True:
        await reminders.wait(lambda: bool(pending))
        approval, approved_at = pending.pop(0)
        what = f"Godkännandet från {approval.approved_by}"
        name = await verified_name(ctx, approval.token, "official", what)
        if name is None:
            continue
        if allowed and name not in allowed:
            ctx.progress.reject(f"{name} får inte godkänna röstsedeln ({', '.join(allowed)} får).")
            continue
        ctx.inbox.ballot_approved = True
        return approval.model_copy(update={"approved_by": name, "token": ""}), approved_at
