"""Assessment: register the proposals, wait until every one is assessed while reminding the
assessors and escalating to the owner, then close and tell merged proposals' proposers why."""

from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.services import ServiceActivities as Services
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import FeasibleProject
    from workflows.messages.workload import AssessmentProgress
    from workflows.phases import assessment_notices as notices
    from workflows.phases import pot_requests, requests
    from workflows.phases.assessment_notices import ASSESSORS
    from workflows.phases.pot_requests import POTS_PATCH

from workflows.kommun import deliver_merge_notices
from workflows.phases.announcements import announce_assessment_outcomes, announcements_on
from workflows.phases.context import RoundContext
from workflows.waiting.timing import call, wait_until

PHASE = RoundPhase.ASSESSMENT


async def run(ctx: RoundContext, proposal_ids: list[int]) -> list[FeasibleProject]:
    """Leaves when every proposal is assessed. The ``assessment_complete`` signal only
    wakes the workflow early; the service's progress decides. Progress is read at each
    checkpoint (reminder before the due date, overdue at it, escalation to the owner after
    it), then after ``assessment_recheck``, doubling up to a cap (``next_recheck``, so a
    long overdue period adds few events); a checkpoint the timer reaches with proposals
    still unassessed sends its notice once. A moved due date plans them afresh."""
    config, inbox = ctx.config, ctx.inbox
    due_at = ctx.deadlines.required(PHASE)
    ctx.progress.enter(PHASE, due_at, "att alla förslag bedöms", ASSESSORS)
    setup = requests.assessment_setup(ctx.id, ctx.current(), proposal_ids)
    if config.pots and workflow.patched(POTS_PATCH):
        # Each pot's cap (the patch's marker is the intake phase's, already recorded).
        setup.pots = pot_requests.assessment_pots(config)
    ctx.deadlines.copies["assessment"] = setup
    progress = await call(Services.assessment_open_round, setup)
    ahead = notices.checkpoints(config, due_at, workflow.now())
    interval = config.assessment_recheck
    while not progress.complete:
        if ctx.deadlines.required(PHASE) != due_at:
            due_at = ctx.deadlines.required(PHASE)
            ahead = notices.checkpoints(config, due_at, workflow.now())
            interval = config.assessment_recheck
        rechecking = not ahead
        wake_at = ahead[0].at if ahead else workflow.now() + interval

        def woken(due_at: datetime = due_at) -> bool:
            return inbox.assessment_hint or ctx.deadlines.required(PHASE) != due_at

        hinted = await wait_until(woken, wake_at, "Bedömningen")
        inbox.assessment_hint = False  # a hint during the check below wakes the next wait
        progress = await call(Services.assessment_progress, ctx.ref)
        if hinted or progress.complete:
            continue
        if rechecking:
            interval = notices.next_recheck(interval, config)
        while ahead and ahead[0].at <= workflow.now():
            await _checkpoint(ctx, ahead.pop(0).kind, progress, due_at)
    closed = await call(Services.assessment_close_round, ctx.ref)
    ctx.progress.counts.feasible = closed.feasible_count
    await deliver_merge_notices(ctx.ref)
    if announcements_on():
        await announce_assessment_outcomes(ctx.ref)
    return closed.feasible


async def _checkpoint(
    ctx: RoundContext,
    kind: notices.CheckpointKind,
    progress: AssessmentProgress,
    due_at: datetime,
) -> None:
    """Past the due date the round shows the delay to staff; every checkpoint notifies."""
    if kind != "reminder":
        done = notices.assessed_summary(progress)
        ctx.progress.wait_for(f"att alla förslag bedöms ({done}, försenat)", ASSESSORS, due_at)
    notice = notices.notice(kind, progress, ctx.config, due_at)
    await ctx.notifier.send(notice.recipients, notice.subject, notice.message, notice.kind)
