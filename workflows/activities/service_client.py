"""The service activities' HTTP client: a call with the workflow's idempotency key and a
fresh system token, the services' URLs, and paging through their public lists.

Every write carries ``Idempotency-Key: <workflow id>:<step>`` so a retried activity, or a
workflow replayed after a crash, gets the service's first answer instead of writing twice.
The run id stays out of the key because it changes on continue-as-new. A 4xx answer will not
change on retry, so it fails the activity for good; 5xx answers and connection errors retry.
"""

from typing import Any

import httpx
from pydantic import BaseModel
from temporalio import activity

from services.common.auth import Role, issue_token
from workflows.activities.answers import answer_was_lost, check_answer
from workflows.settings import WorkerSettings


def request_body(model: BaseModel) -> dict[str, Any]:
    """The request body: the model without ``round_id``, which is in the path, and without
    ``pots`` when the round has none (the body is then exactly as before pots existed)."""
    body = model.model_dump(mode="json", exclude={"round_id"})
    if body.get("pots") == []:
        del body["pots"]
    return body


class ServiceClient:
    """One shared HTTP client for all calls; a fresh system token per call."""

    def __init__(self, settings: WorkerSettings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http

    async def _call(
        self, method: str, url: str, *, step: str | None, body: dict[str, Any] | None = None
    ) -> Any:
        token = issue_token(
            self._settings, "workflow-worker", [Role.SYSTEM], name="Medborgarbudget-arbetsflöde"
        )
        headers = {"Authorization": f"Bearer {token}"}
        if step is not None:
            headers["Idempotency-Key"] = f"{activity.info().workflow_id}:{step}"
        response = await self._http.request(method, url, json=body, headers=headers)
        if step is not None and answer_was_lost(response):
            # Applied before a crash, answer lost: the services' workflow endpoints are
            # idempotent state changes, so asking again under a fresh key gives the answer.
            headers["Idempotency-Key"] += f":resent-{activity.info().attempt}"
            response = await self._http.request(method, url, json=body, headers=headers)
        check_answer(response)
        return response.json()

    async def send(
        self, method: str, url: str, *, step: str | None, body: dict[str, Any] | None = None
    ) -> Any:
        """A write for another activity class (operations), with the same key and errors."""
        return await self._call(method, url, step=step, body=body)

    async def pending_merge_notices(self, round_id: str, limit: int) -> list[dict[str, Any]]:
        """The oldest undelivered merge notices (a helper of the delivery activity)."""
        url = self._assessment(f"/rounds/{round_id}/merge-notices?pending=true&limit={limit}")
        items: list[dict[str, Any]] = (await self._call("GET", url, step=None))["items"]
        return items

    async def mark_merge_notice_delivered(self, round_id: str, notice_id: int) -> None:
        url = self._assessment(f"/rounds/{round_id}/merge-notices/{notice_id}/delivery")
        await self._call("POST", url, step=f"merge-notice-{notice_id}-delivered")

    def _intake(self, path: str) -> str:
        return f"{self._settings.intake_url}{path}"

    def _assessment(self, path: str) -> str:
        return f"{self._settings.assessment_url}{path}"

    def _voting(self, path: str) -> str:
        return f"{self._settings.voting_url}{path}"

    def _decision(self, path: str) -> str:
        return f"{self._settings.decision_url}{path}"

    async def _proposals(self, round_id: str) -> list[dict[str, Any]]:
        """Every public proposal of the round, page by page."""
        return await self._all_pages(self._intake(f"/rounds/{round_id}/proposals"))

    async def _all_pages(self, url: str) -> list[dict[str, Any]]:
        """Every item of a service's paged public list."""
        items: list[dict[str, Any]] = []
        total = 1
        while len(items) < total:
            page = await self._call("GET", f"{url}?limit=500&offset={len(items)}", step=None)
            items.extend(page["items"])
            total = page["total"] if page["items"] else len(items)
            activity.heartbeat(len(items))
        return items
