"""The round's key moments told to the kommun's politicians (ballot approved, the result, the
council's decision due), so they can follow every round of their kommun.

The recipients are a role, resolved by the kommun's notification system: no names or
addresses pass through the round. Rounds that passed these points before this code never
send them (``POLITICIAN_NOTICES_PATCH``)."""

from temporalio import workflow

from workflows.phases.context import RoundContext

POLITICIAN_NOTICES_PATCH = "politician-notices"
POLITICIANS = "kommunens politiker"


async def tell(ctx: RoundContext, subject: str, message: str) -> None:
    if workflow.patched(POLITICIAN_NOTICES_PATCH):
        subject = f"{ctx.config.title}: {subject}"
        await ctx.notifier.send(POLITICIANS, subject, message, "announcement")
