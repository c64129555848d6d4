"""Adapters to the kommun's own systems over HTTP: notifications and the diarium.

Both run as activities, so a system that is down only delays the round: Temporal retries the
call until it answers. Every request is signed (``X-Medborgarbudget-Signature: sha256=<HMAC of
the body>``) and carries an ``Idempotency-Key`` that stays the same on every retry, so the
receiver can drop a copy when an answer was lost on the way back. An adapter whose URL is not
set is off: the activity logs what it would have sent and succeeds.
"""

import base64
import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import BaseModel
from temporalio import activity

from services.common.request_signing import SIGNATURE_HEADER, sign
from workflows.activities.answers import check_answer
from workflows.messages.services import Notification
from workflows.settings import WorkerSettings

if TYPE_CHECKING:
    from workflows.activities.announcements import AnnouncementActivities

# The notifications that are officials' work (the others: receipts to proposers, cancellations).
OFFICIAL_KINDS = ("reminder", "escalation")
CLOUDEVENTS_JSON = "application/cloudevents+json; charset=utf-8"


class DecidedProject(BaseModel):
    project_id: int
    cost: int


class DiariumRegistration(BaseModel):
    """The council decision as the diarium files it."""

    round_id: str
    kommun: str
    title: str
    diarienummer: str
    paragraph: str
    meeting_date: date
    decided_at: datetime
    recorded_by: str
    approved_projects: list[DecidedProject]
    total_cost: int
    recommended_project_ids: list[int]
    justification: str


class EvaluationFiling(BaseModel):
    """Asks for the round's evaluation report (as uploaded to the decision service) to be
    filed in the diarium with the round's case."""

    round_id: str
    kommun: str
    title: str
    case_reference: str | None = None


class DiariumCase(BaseModel):
    """The diarium's answer: its own id for the registered document."""

    case_reference: str


def cloud_event(workflow_id: str, notification: Notification) -> dict[str, Any]:
    """A CloudEvents 1.0 envelope (structured mode). Built only from the activity's input, so
    every retry sends the same bytes under the same id."""
    data = notification.model_dump(mode="json", exclude={"kind", "key", "sent_at", "kommun"})
    return {
        "specversion": "1.0",
        "id": f"{workflow_id}:{notification.key}",
        "source": f"/medborgarbudget/rounds/{notification.round_id}",
        "type": f"se.medborgarbudget.{notification.kind}",
        "subject": workflow_id,
        "time": notification.sent_at.isoformat(),
        "datacontenttype": "application/json",
        "data": data,
    }


class KommunActivities:
    def __init__(
        self,
        settings: WorkerSettings,
        http: httpx.AsyncClient,
        announcements: "AnnouncementActivities | None" = None,
    ) -> None:
        self._settings = settings
        self._http = http
        # Officials' reminders and escalations also go by e-mail, through the notify service.
        self._announcements = announcements

    def all(self) -> Sequence[Callable[..., Awaitable[Any]]]:
        return [self.notify, self.register_in_diarium, self.file_evaluation_report]

    async def _post(self, url: str, secret: str, key: str, body: bytes, content_type: str) -> Any:
        headers = {
            "Content-Type": content_type,
            "Idempotency-Key": key,
            SIGNATURE_HEADER: sign(secret, body),
        }
        response = await self._http.post(url, content=body, headers=headers)
        check_answer(response)
        return response.json() if response.content else None

    @activity.defn
    async def notify(self, notification: Notification) -> None:
        """Reminders, escalations and receipts for people, routed by the kommun's service."""
        workflow_id = activity.info().workflow_id or notification.round_id
        if self._announcements is not None and notification.kind in OFFICIAL_KINDS:
            await self._announcements.official_notice(workflow_id, notification)
        event = cloud_event(workflow_id, notification)
        if not self._settings.notification_url:
            activity.logger.info(
                "Notiser är avstängda (MB_NOTIFICATION_URL saknas); skulle ha skickat %s till "
                "%s: %s. %s",
                event["type"],
                notification.recipients,
                notification.subject,
                notification.message,
            )
            return
        body = json.dumps(event, ensure_ascii=False).encode()
        url, secret = self._settings.notification_url, self._settings.notification_secret
        await self._post(url, secret, event["id"], body, CLOUDEVENTS_JSON)

    @activity.defn
    async def register_in_diarium(self, registration: DiariumRegistration) -> DiariumCase | None:
        """Files the decision as a document in the diarium; ``None`` when the adapter is off."""
        if not self._settings.diarium_url:
            activity.logger.info(
                "Diariet är avstängt (MB_DIARIUM_URL saknas); beslut %s %s registreras inte.",
                registration.diarienummer,
                registration.paragraph,
            )
            return None
        body = registration.model_dump_json().encode()
        key = f"{registration.round_id}:diarium-registration"
        url, secret = f"{self._settings.diarium_url}/cases", self._settings.diarium_secret
        answer = await self._post(url, secret, key, body, "application/json")
        return DiariumCase.model_validate(answer)

    @activity.defn
    async def file_evaluation_report(self, filing: EvaluationFiling) -> DiariumCase | None:
        """Files the evaluator's report in the diarium, fetched here from the decision service
        so the document never passes through the workflow; ``None`` when the diarium adapter
        is off or no report was uploaded."""
        if not self._settings.diarium_url:
            activity.logger.info("Diariet är avstängt; utvärderingsrapporten diarieförs inte.")
            return None
        base = f"{self._settings.decision_url}/rounds/{filing.round_id}"
        recorded = await self._http.get(base)
        check_answer(recorded)
        info = (recorded.json().get("evaluation") or {}).get("evaluator_report")
        if info is None:
            return None
        document = await self._http.get(f"{base}/evaluation/evaluator-report")
        check_answer(document)
        body = json.dumps(
            {
                **filing.model_dump(),
                "document": "utvärderingsrapport",
                "filename": info["filename"],
                "content_type": info["content_type"],
                "filed_by": info["uploaded_by"],
                "content_base64": base64.b64encode(document.content).decode(),
            },
            ensure_ascii=False,
        ).encode()
        key = f"{filing.round_id}:diarium-evaluation-report"
        url, secret = f"{self._settings.diarium_url}/cases", self._settings.diarium_secret
        answer = await self._post(url, secret, key, body, "application/json")
        return DiariumCase.model_validate(answer)
