"""Activities for the operations updates: tell a service a deadline moved, archive a round.

Both are idempotent like every write of the workflow: a moved deadline is sent under a key
with its own revision number, and each service archives a round once (a repeat answers the
first archive).
"""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Literal

from pydantic import BaseModel
from temporalio import activity

from workflows.activities.services import ServiceActivities
from workflows.settings import WorkerSettings

ServiceName = Literal["intake", "assessment", "voting", "decision"]
SERVICE_NAMES: tuple[ServiceName, ...] = ("intake", "assessment", "voting", "decision")


class Reschedule(BaseModel):
    """The service's round record again, with the moved deadline (PUT ``path``)."""

    round_id: str
    service: ServiceName
    path: str
    body: dict[str, Any]
    revision: int


class ArchiveRequest(BaseModel):
    round_id: str
    service: ServiceName
    reason: str
    archived_by: str


class OperationsActivities:
    def __init__(self, settings: WorkerSettings, services: ServiceActivities) -> None:
        self._settings = settings
        self._services = services

    def all(self) -> Sequence[Callable[..., Awaitable[Any]]]:
        return [self.reschedule_in_service, self.archive_in_service]

    def _url(self, service: ServiceName, path: str) -> str:
        base: str = getattr(self._settings, f"{service}_url")
        return f"{base}{path}"

    @activity.defn
    async def reschedule_in_service(self, request: Reschedule) -> None:
        url = self._url(request.service, request.path)
        step = f"{request.service}-reschedule-{request.revision}"
        await self._services.send("PUT", url, step=step, body=request.body)

    @activity.defn
    async def archive_in_service(self, request: ArchiveRequest) -> None:
        url = self._url(request.service, f"/rounds/{request.round_id}/archive")
        body = {"reason": request.reason, "archived_by": request.archived_by}
        await self._services.send("POST", url, step="archive", body=body)
