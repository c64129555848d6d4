"""Telling residents, proposers and officials about the round's events, through the notify
service: one activity per event, whatever the number of recipients (docs/api.md, notify).

Added after v1: every call site asks :func:`announcements_on` first (``workflow.patched``), so
rounds recorded before it replay without these activities and timers (docs/versioning.md).
"""

from datetime import datetime, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.activities.announcements import AnnouncementActivities
    from workflows.messages.announcements import Announcement
    from workflows.messages.round import RoundPhase
    from workflows.messages.services import RoundRef

from workflows.phases.context import RoundContext
from workflows.waiting.timing import SERVICE_RETRY, wait_until

ANNOUNCEMENTS_PATCH = "resident-announcements"
# The reminder to those who have not voted goes this long before voting closes.
REMINDER_AHEAD = timedelta(days=2)
TIMEOUT = timedelta(minutes=10)


def announcements_on() -> bool:
    return workflow.patched(ANNOUNCEMENTS_PATCH)


async def announce(ctx: RoundContext, event: str, ref: str = "", **params: int | str) -> None:
    """The event to the notify service, once; its answer (the round's sending so far) is shown
    in the round's current details."""
    announcement = Announcement(
        round_id=ctx.id,
        event=event,
        kommun=ctx.config.kommun,
        ref=ref,
        params={"round_title": ctx.config.title, **params},
    )
    summary = await workflow.execute_activity_method(
        AnnouncementActivities.announce,
        announcement,
        start_to_close_timeout=TIMEOUT,
        retry_policy=SERVICE_RETRY,
    )
    ctx.progress.announced(summary)


async def announce_assessment_outcomes(ref: RoundRef) -> None:
    """One activity reads every outcome from assessment and hands each to notify."""
    await workflow.execute_activity_method(
        AnnouncementActivities.announce_assessment_outcomes,
        ref,
        start_to_close_timeout=TIMEOUT,
        heartbeat_timeout=timedelta(minutes=1),
        retry_policy=SERVICE_RETRY,
    )


async def remind_before_voting_closes(ctx: RoundContext) -> None:
    """Waits until ``REMINDER_AHEAD`` before the (possibly moved) closing, then reminds those
    who have not voted; no reminder when voting opens later than that."""
    closes_at = ctx.deadlines.required(RoundPhase.VOTING)
    if closes_at - REMINDER_AHEAD <= workflow.now():
        return
    while True:
        remind_at = closes_at - REMINDER_AHEAD

        def moved(closes_at: datetime = closes_at) -> bool:
            return ctx.deadlines.required(RoundPhase.VOTING) != closes_at

        if not await wait_until(moved, remind_at, "Påminnelse före röstningen stänger"):
            break
        closes_at = ctx.deadlines.required(RoundPhase.VOTING)
    await announce(ctx, "voting_reminder", closes_at=closes_at.isoformat())
