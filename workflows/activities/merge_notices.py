"""Telling the proposers of merged proposals why: the assessment service's outbox, delivered.

Assessment records a notice when an official merges a duplicate; it does not know who the
proposers are or how to reach them. After assessment closes, this one activity reads the
undelivered notices page by page, hands each to the kommun's notification service (whose
Idempotency-Key is the notice id, so a retry never sends a copy) and marks it delivered. The
notices never pass through the workflow: its history grows by one activity, whatever the count.
"""

from datetime import datetime
from typing import Any

from temporalio import activity

from workflows.activities.announcements import AnnouncementActivities
from workflows.activities.kommun import KommunActivities
from workflows.activities.services import ServiceActivities
from workflows.messages.services import Notification, RoundRef

PAGE = 100


def merge_notice(round_id: str, notice: dict[str, Any]) -> Notification:
    proposal, kept = notice["proposal_id"], notice["merged_into"]
    return Notification(
        round_id=round_id,
        recipients=f"förslagsställaren till förslag {proposal}",
        subject=f"Ditt förslag {proposal} har slagits ihop med förslag {kept}",
        message=(
            f"Förslagen gällde samma sak och bedöms nu som ett. Skäl: {notice['public_reason']}"
        ),
        kind="receipt",
        key=f"merge-notice-{notice['id']}",
        # The notice's own time, so a retry sends the very same event.
        sent_at=datetime.fromisoformat(str(notice["created_at"])),
    )


class MergeNoticeActivities:
    def __init__(
        self,
        services: ServiceActivities,
        kommun: KommunActivities,
        announcements: AnnouncementActivities | None = None,
    ) -> None:
        self._services = services
        self._kommun = kommun
        # The proposer hears it by e-mail too, if they asked (the notify service knows).
        self._announcements = announcements

    @activity.defn
    async def deliver_merge_notices(self, ref: RoundRef) -> int:
        """Deliver every pending notice once; returns how many were delivered now."""
        delivered = 0
        while True:
            notices = await self._services.pending_merge_notices(ref.round_id, PAGE)
            if not notices:
                return delivered
            for notice in notices:
                await self._kommun.notify(merge_notice(ref.round_id, notice))
                if self._announcements is not None:
                    await self._announcements.proposal_merged(ref.round_id, notice)
                await self._services.mark_merge_notice_delivered(ref.round_id, int(notice["id"]))
                delivered += 1
                activity.heartbeat(delivered)
