"""The activities that call the intake service: open and close the round and its
discussion, and the proposals' participation figures."""

from collections import Counter
from datetime import datetime
from typing import Any

from temporalio import activity

from workflows.activities.service_client import ServiceClient, request_body
from workflows.display import STOCKHOLM
from workflows.messages.evaluation import ProposalFigures
from workflows.messages.services import IntakeClosed, IntakeRoundSetup, RoundRef


class IntakeActivities(ServiceClient):
    @activity.defn
    async def intake_open_round(self, setup: IntakeRoundSetup) -> None:
        url = self._intake(f"/rounds/{setup.round_id}")
        await self._call("PUT", url, step="intake-open", body=request_body(setup))

    @activity.defn
    async def intake_close_round(self, ref: RoundRef) -> IntakeClosed:
        url = self._intake(f"/rounds/{ref.round_id}/close")
        return IntakeClosed.model_validate(await self._call("POST", url, step="intake-close"))

    @activity.defn
    async def intake_close_discussion(self, ref: RoundRef) -> None:
        """Voting has closed: the proposals' threads become read-only."""
        url = self._intake(f"/rounds/{ref.round_id}/discussion/close")
        await self._call("POST", url, step="discussion-close")

    @activity.defn
    async def intake_participation(self, ref: RoundRef) -> ProposalFigures:
        """Pages through the public proposal list and keeps only counts: per day (Swedish
        time), per area and per channel (``None`` where intake does not give the field)."""
        items = await self._proposals(ref.round_id)
        days = Counter(
            datetime.fromisoformat(item["created_at"]).astimezone(STOCKHOLM).date().isoformat()
            for item in items
        )
        meetings = await self._call(
            "GET", self._intake(f"/rounds/{ref.round_id}/meetings?limit=1&offset=0"), step=None
        )
        proposers = await self._call(
            "GET", self._intake(f"/rounds/{ref.round_id}/proposer-statistics"), step=None
        )
        return ProposalFigures(
            per_day=dict(sorted(days.items())),
            by_area=_count_field(items, "area"),
            by_channel=_count_field(items, "channel"),
            by_kind=_count_field(items, "proposer_kind"),
            meetings=meetings["total"],
            meeting_proposals=sum(1 for item in items if item.get("meeting_id") is not None),
            by_proposer_area=proposers["by_area"]["counts"],
            by_proposer_age_band=proposers["by_age_band"]["counts"],
        )


def _count_field(items: list[dict[str, Any]], field: str) -> dict[str, int] | None:
    values = [item.get(field) for item in items]
    if not any(value is not None for value in values):
        return None
    return dict(sorted(Counter(str(v) for v in values if v is not None).items()))
