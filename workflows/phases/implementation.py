"""Implementation: one child ``ImplementationWorkflow`` runs a ``ProjectWorkflow`` per approved
project (this history stays the same size however many); the phase ends when every project is
done or cancelled, and the round then waits for the evaluation to begin."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.messages.projects import ImplementationInput
    from workflows.messages.round import RoundPhase

from workflows.implementation_workflow import ImplementationWorkflow, implementation_id
from workflows.phases.context import TIMED, RoundContext
from workflows.waiting.reminders import escalation_recipients
from workflows.waiting.timing import sleep_until

WAITING = "att varje projekt blir klart eller avbryts (signaler till projektens arbetsflöden)"


async def run(ctx: RoundContext, approved: dict[int, int]) -> None:
    """``approved``: project id to cost. Deadline changes meanwhile go to the implementation
    workflow (``Deadlines.implementation``), which passes them on to its projects."""
    config = ctx.config
    due_at = ctx.deadlines.required(RoundPhase.IMPLEMENTATION)
    ctx.progress.enter(RoundPhase.IMPLEMENTATION, due_at, WAITING, "projektägarna")
    plan = ImplementationInput(
        round_id=ctx.id,
        approved=approved,
        due_at=due_at,
        escalate_after=config.follow_up.escalate_after,
        remind_before=config.reminders.implementation_before,
        escalate_to=escalation_recipients(config.owner, config.approvers),
    )
    ctx.deadlines.implementation = implementation_id(ctx.id)
    counts = await workflow.execute_child_workflow(
        ImplementationWorkflow.run,
        plan,
        id=ctx.deadlines.implementation,
        static_summary=f"Genomförandet av {len(approved)} projekt i {ctx.id}",
    )
    ctx.deadlines.implementation = None
    ctx.progress.projects_ended(counts)
    evaluation_at = ctx.deadlines.timeline.evaluation_at
    ctx.progress.wait_for("att uppföljningen börjar", TIMED, evaluation_at)
    await sleep_until(evaluation_at, "Uppföljningen börjar")
