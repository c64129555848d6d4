"""After the evaluation: the follow-up measurement a set time after each project was completed,
run by a child ``FollowUpWorkflow``; the round completes when every follow-up is measured or
closed with a reason. Only for rounds whose config sets ``follow_up.measure_after``."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.messages.follow_up import FollowUpInput

from workflows.follow_up_workflow import FollowUpWorkflow, follow_up_id
from workflows.phases.context import RoundContext
from workflows.waiting.reminders import escalation_recipients

# Rounds that finish their evaluation after this change take the follow-up measurement
# (docs/versioning.md); rounds recorded before complete after the evaluation as they did.
FOLLOW_UP_PATCH = "follow-up-measurement"


async def run(ctx: RoundContext) -> None:
    config = ctx.config
    measure_after = config.follow_up.measure_after
    if measure_after is None or not workflow.patched(FOLLOW_UP_PATCH):
        return
    ctx.progress.wait_for("uppföljningsmätningarna av projekten", "ansvarig tjänsteperson", None)
    plan = FollowUpInput(
        round_id=ctx.id,
        measure_after=measure_after,
        reminders=config.reminders.follow_up_measurement,
        escalate_to=escalation_recipients(config.owner, config.approvers),
    )
    await workflow.execute_child_workflow(
        FollowUpWorkflow.run,
        plan,
        id=follow_up_id(ctx.id),
        static_summary=f"Uppföljningsmätningar i {ctx.id}",
    )
