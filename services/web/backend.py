"""Calls to the four services with the signed-in person's token; their problems become
:class:`ServiceError` so pages can show each field's message next to the field, in the page's
language (:mod:`services.web.problems`)."""

from typing import Any, Literal

import httpx

from services.common.http_limits import SERVICE_LIMITS
from services.web.i18n import N_, gettext
from services.web.problems import problem_text, service_text
from services.web.settings import WebSettings

Service = Literal["intake", "assessment", "voting", "decision", "notify"]


NOT_FOUND = N_("Sidan finns inte.")
UNAVAILABLE = N_("Tjänsten svarar inte just nu. Försök igen om en stund.")


class ServiceError(Exception):
    """A service said no (problem+json), or did not answer. ``detail`` and ``fields`` are in the
    language of the page being made; ``service_detail`` is what the service said."""

    def __init__(
        self,
        status: int,
        detail: str,
        code: str,
        fields: dict[str, str],
        service_detail: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.fields = fields
        self.service_detail = detail if service_detail is None else service_detail


def _problem(answer: httpx.Response) -> ServiceError:
    try:
        body = answer.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = str(body.get("type", "")).rsplit("/", 1)[-1] or str(answer.status_code)
    fields: dict[str, str] = {}
    for item in body.get("errors", []) or []:
        field, message = str(item.get("field", "")), str(item.get("message", ""))
        fields.setdefault(field, service_text(message))
    detail = str(body.get("detail") or body.get("title") or answer.reason_phrase)
    return ServiceError(answer.status_code, problem_text(code, detail), code, fields, detail)


class Backend:
    """One shared HTTP client; each call carries the caller's bearer token when there is one."""

    def __init__(self, settings: WebSettings, transport: httpx.AsyncBaseTransport | None = None):
        self.urls: dict[str, str] = {
            "intake": settings.intake_url,
            "assessment": settings.assessment_url,
            "voting": settings.voting_url,
            "decision": settings.decision_url,
            "notify": settings.notify_url,
        }
        self.client = httpx.AsyncClient(
            timeout=settings.backend_timeout, transport=transport, limits=SERVICE_LIMITS
        )

    def url(self, service: Service, path: str) -> str:
        return self.urls[service].rstrip("/") + path

    async def call(
        self,
        method: str,
        service: Service,
        path: str,
        token: str | None = None,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        content: bytes | None = None,
        content_type: str = "application/octet-stream",
    ) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if content is not None:
            headers["Content-Type"] = content_type
        try:
            answer = await self.client.request(
                method,
                self.url(service, path),
                headers=headers,
                json=json,
                params=params,
                content=content,
            )
        except httpx.InvalidURL as exc:  # an id no service can have names no page
            raise ServiceError(404, gettext(NOT_FOUND), "not-found", {}) from exc
        except httpx.HTTPError as exc:
            raise ServiceError(503, gettext(UNAVAILABLE), "unavailable", {}) from exc
        if answer.status_code >= 400:
            raise _problem(answer)
        return answer.json() if answer.content else None

    async def text(self, service: Service, path: str) -> str:
        """A page a service renders itself (the final report)."""
        try:
            answer = await self.client.get(self.url(service, path))
        except httpx.HTTPError as exc:
            raise ServiceError(503, gettext(UNAVAILABLE), "unavailable", {}) from exc
        if answer.status_code >= 400:
            raise _problem(answer)
        return answer.text

    async def get(
        self, service: Service, path: str, token: str | None = None, **params: Any
    ) -> Any:
        return await self.call("GET", service, path, token, params=params or None)

    async def get_or_none(self, service: Service, path: str, token: str | None = None) -> Any:
        """The resource, or None while it does not exist yet (404/409 before its phase)."""
        try:
            return await self.get(service, path, token)
        except ServiceError as error:
            if error.status in (404, 409):
                return None
            raise

    async def get_optional(self, service: Service, path: str) -> Any:
        """For a side part of a page: None also when the service is down, so the page still
        shows what the other services know."""
        try:
            return await self.get_or_none(service, path)
        except ServiceError as error:
            if error.status == 503:
                return None
            raise

    async def all_items(self, service: Service, path: str, **params: Any) -> list[Any]:
        """Every item of a paged list, 500 at a time."""
        items: list[Any] = []
        while True:
            page = await self.get(service, path, limit=500, offset=len(items), **params)
            items.extend(page["items"])
            if not page["items"] or len(items) >= page["total"]:
                return items

    async def aclose(self) -> None:
        await self.client.aclose()
