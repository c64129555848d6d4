"""Activities of the follow-up measurement: the decision service plans a follow-up per
completed project (it knows when each was completed) and tells how many are still open."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from temporalio import activity

from workflows.activities.services import ServiceActivities
from workflows.messages.follow_up import FollowUpDue, FollowUpOpening, FollowUpState
from workflows.messages.services import RoundRef
from workflows.settings import WorkerSettings


class FollowUpActivities:
    def __init__(self, settings: WorkerSettings, services: ServiceActivities) -> None:
        self._settings = settings
        self._services = services

    def all(self) -> Sequence[Callable[..., Awaitable[Any]]]:
        return [
            self.decision_open_follow_ups,
            self.decision_follow_ups_due,
            self.decision_follow_up_state,
        ]

    def _url(self, round_id: str) -> str:
        return f"{self._settings.decision_url}/rounds/{round_id}/follow-ups"

    @activity.defn
    async def decision_open_follow_ups(self, opening: FollowUpOpening) -> FollowUpState:
        """Idempotent: a follow-up already planned keeps its date."""
        body = {"measure_after": opening.measure_after.total_seconds()}
        url = self._url(opening.round_id)
        answer = await self._services.send("PUT", url, step="follow-ups-open", body=body)
        return FollowUpState.model_validate(answer)

    @activity.defn
    async def decision_follow_ups_due(self, due: FollowUpDue) -> FollowUpState:
        """Idempotent: a follow-up already opened keeps its time."""
        as_of = due.as_of.isoformat()
        url = f"{self._url(due.round_id)}/opening"
        # One key per opening: a later one (the next project's date) is another request.
        step = f"follow-ups-due:{as_of}"
        answer = await self._services.send("PUT", url, step=step, body={"as_of": as_of})
        return FollowUpState.model_validate(answer)

    @activity.defn
    async def decision_follow_up_state(self, ref: RoundRef) -> FollowUpState:
        answer = await self._services.send("GET", self._url(ref.round_id), step=None)
        return FollowUpState.model_validate(answer)
