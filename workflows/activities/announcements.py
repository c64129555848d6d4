"""Asking the notify service to tell people about an event: once per event, never per person.

The notify service chooses the recipients, queues one message each and sends them in batches;
the workflow's history grows by one activity per event, whatever the count. The assessment
outcomes are read from the assessment service page by page here, in the activity, and handed
on one proposal at a time, so they never pass through the workflow either. ``MB_NOTIFY_URL``
unset switches announcements off (logged).
"""

from typing import Any

from temporalio import activity

from workflows.activities.services import ServiceActivities
from workflows.messages.announcements import Announcement, AnnouncementSummary
from workflows.messages.services import Notification, RoundRef
from workflows.settings import WorkerSettings

PAGE = 200


def summary_of(event: str, answer: dict[str, Any] | None) -> AnnouncementSummary:
    if answer is None:
        return AnnouncementSummary(event=event)
    totals = answer.get("round_totals") or answer["counts"]
    return AnnouncementSummary(
        event=event,
        recipients=answer["recipients"],
        sent=totals["sent"],
        waiting=totals["queued"] + totals["sending"],
        skipped=totals["skipped"],
        failed=totals["failed"],
        uncertain=totals.get("uncertain", 0),
    )


class AnnouncementActivities:
    def __init__(self, settings: WorkerSettings, services: ServiceActivities) -> None:
        self._settings = settings
        self._services = services

    def all(self) -> list[Any]:
        return [self.announce, self.announce_assessment_outcomes]

    async def post(self, announcement: Announcement) -> dict[str, Any] | None:
        """The notify service's answer; ``None`` when announcements are off."""
        if not self._settings.notify_url:
            activity.logger.info(
                "Utskick är avstängda (MB_NOTIFY_URL saknas); %s i %s skickas inte.",
                announcement.event,
                announcement.round_id,
            )
            return None
        url = f"{self._settings.notify_url}/rounds/{announcement.round_id}/announcements"
        skip = {"round_id"} | ({"to"} if not announcement.to else set())
        body = announcement.model_dump(mode="json", exclude=skip)
        step = f"announce-{announcement.event}-{announcement.ref}".rstrip("-")
        answer: dict[str, Any] = await self._services.send("POST", url, step=step, body=body)
        return answer

    @activity.defn
    async def announce(self, announcement: Announcement) -> AnnouncementSummary:
        return summary_of(announcement.event, await self.post(announcement))

    @activity.defn
    async def announce_assessment_outcomes(self, ref: RoundRef) -> int:
        """Each assessed proposal's outcome to its followers (merged ones got their notice),
        one request per page of outcomes. Returns how many proposals were announced."""
        announced, offset = 0, 0
        while True:
            url = (
                f"{self._settings.assessment_url}/rounds/{ref.round_id}/assessments"
                f"?limit={PAGE}&offset={offset}"
            )
            page = await self._services.send("GET", url, step=None)
            outcomes = [
                {
                    "event": "assessment_outcome",
                    "ref": str(item["proposal_id"]),
                    "params": {
                        "proposal_id": item["proposal_id"],
                        "feasible": bool(item["feasible"]),
                        "reason": item["public_reason"],
                    },
                }
                for item in page["items"]
                if item.get("merged_into") is None
            ]
            if outcomes and self._settings.notify_url:
                url = f"{self._settings.notify_url}/rounds/{ref.round_id}/announcement-batches"
                step = f"announce-assessment-outcomes-{offset}"
                body = {"announcements": outcomes}
                await self._services.send("POST", url, step=step, body=body)
            announced += len(outcomes)
            activity.heartbeat(announced)
            offset += PAGE
            if offset >= page["total"]:
                return announced

    async def official_notice(self, workflow_id: str, notification: Notification) -> None:
        """A reminder or escalation to the kommun's officials who asked for them by e-mail."""
        params = {"subject": notification.subject, "message": notification.message}
        ref = f"{workflow_id}:{notification.key}"
        announcement = Announcement(
            round_id=notification.round_id,
            event="official_notice",
            kommun=notification.kommun,
            ref=ref,
            params=params,
            to=notification.recipients,
        )
        await self.post(announcement)

    async def proposal_merged(self, round_id: str, notice: dict[str, Any]) -> None:
        params = {
            "proposal_id": notice["proposal_id"],
            "merged_into": notice["merged_into"],
            "reason": notice["public_reason"],
        }
        announcement = Announcement(
            round_id=round_id,
            event="proposal_merged",
            ref=str(notice["proposal_id"]),
            params=params,
        )
        await self.post(announcement)
