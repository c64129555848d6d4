"""Drives a round over real HTTP and Temporal, the way people and staff would.

Shared by the end-to-end tests (against a `LocalStack` they start) and `medborgarbudget demo`
(against the stack `make run` started, or any other): both only need where the services and
the Temporal server listen.
"""

import asyncio
import time
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from temporalio.client import Client, WorkflowHandle

from services.common.auth import Role, issue_token
from services.common.http_limits import SERVICE_LIMITS
from services.common.settings import PlatformSettings
from workflows.settings import WorkerSettings


class DriverError(RuntimeError):
    """A service refused a step, or the round did not get where it should in time."""


class Endpoints(Protocol):
    """Where the running system listens (a `LocalStack` is one)."""

    @property
    def temporal_address(self) -> str: ...

    def url(self, service: str) -> str: ...


@dataclass(frozen=True)
class StackUrls:
    """A running stack by its addresses; the defaults are `make run`'s."""

    temporal_address: str = "127.0.0.1:7233"
    intake: str = "http://127.0.0.1:8101"
    assessment: str = "http://127.0.0.1:8102"
    voting: str = "http://127.0.0.1:8103"
    decision: str = "http://127.0.0.1:8104"
    namespace: str = "default"

    def url(self, service: str) -> str:
        address: str = getattr(self, service)
        return address.rstrip("/")

    @classmethod
    def from_environment(cls) -> "StackUrls":
        """``MB_TEMPORAL_ADDRESS``, ``MB_INTAKE_URL``, ... as the worker reads them."""
        settings = WorkerSettings()
        return cls(
            temporal_address=settings.temporal_address,
            intake=settings.intake_url,
            assessment=settings.assessment_url,
            voting=settings.voting_url,
            decision=settings.decision_url,
            namespace=settings.temporal_namespace,
        )


# The kommun of the example and test rounds; staff tokens name it unless told otherwise.
KOMMUN = "Åre"


def bearer(role: Role, subject: str, name: str = "", kommun: str = KOMMUN) -> dict[str, str]:
    """A dev-issuer token, as the kommun's identity provider would give the person: staff act
    only in ``kommun``'s rounds."""
    claims = {"kommun": kommun}
    token = issue_token(PlatformSettings(), subject, [role], name=name, claims=claims)
    return {"Authorization": f"Bearer {token}"}


class RoundDriver:
    def __init__(
        self,
        stack: Endpoints,
        handle: WorkflowHandle[Any, Any],
        http: httpx.AsyncClient | None = None,
        kommun: str = KOMMUN,
    ) -> None:
        self.stack = stack
        self.kommun = kommun
        self.handle = handle
        self.round_id = handle.id
        # Generous: on a loaded machine a service may answer slowly, and a replay that stops at
        # a slow answer leaves its round half done (seen with 126 projects at load 15).
        self.http = http or httpx.AsyncClient(timeout=60, limits=SERVICE_LIMITS)

    def staff(self, role: Role, subject: str, name: str = "") -> dict[str, str]:
        """A staff member's header for this round's kommun."""
        return bearer(role, subject, name, kommun=self.kommun)

    async def close(self) -> None:
        await self.http.aclose()

    def url(self, service: str, path: str) -> str:
        return f"{self.stack.url(service)}/rounds/{self.round_id}{path}"

    async def call(
        self, method: str, service: str, path: str, headers: dict[str, str], **kwargs: Any
    ) -> Any:
        answer = await self.http.request(method, self.url(service, path), headers=headers, **kwargs)
        if answer.status_code >= 300:
            raise DriverError(f"{method} {service} {path}: {answer.status_code} {answer.text}")
        return answer.json()

    async def wait_until_registered(self, proposal_count: int, timeout: float = 10) -> None:
        """The round enters ASSESSMENT a moment before it registers the proposals for
        assessment, as staff would see: the progress page answers once they are there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answer = await self.http.get(self.url("assessment", "/progress"))
            if answer.status_code == 200:
                total = answer.json()["total"]
                if total != proposal_count:
                    raise DriverError(f"{total} proposals registered, not {proposal_count}")
                return
            if answer.status_code != 404:
                raise DriverError(answer.text)
            await asyncio.sleep(0.2)
        raise DriverError("the proposals never reached the assessment service")

    async def wait_until_open(self, service: str, path: str, timeout: float = 30) -> None:
        """The workflow enters a phase a moment before it opens it in the service (intake,
        voting): wait until ``GET path`` answers with ``status`` "open"."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answer = await self.http.get(self.url(service, path))
            if answer.status_code == 200 and answer.json().get("status") == "open":
                return
            if answer.status_code not in (200, 404):
                raise DriverError(f"GET {service} {path}: {answer.status_code} {answer.text}")
            await asyncio.sleep(0.1)
        raise DriverError(f"{service} never opened the round")

    async def status(self) -> dict[str, Any]:
        """The workflow's ``status`` query as JSON."""
        answer = await self.handle.query("status")
        status: dict[str, Any] = (
            answer if isinstance(answer, dict) else answer.model_dump(mode="json")
        )
        return status

    async def wait_for_phase(self, phase: str, timeout: float = 60) -> dict[str, Any]:
        """Poll the workflow's status query; every wait is bounded. The round shows INTAKE a
        moment before the intake service has it, so for INTAKE wait for the service too."""
        deadline = time.monotonic() + timeout
        last: dict[str, Any] = {}
        while time.monotonic() < deadline:
            last = await self.status()
            if last["phase"] == phase:
                if phase == "INTAKE":
                    await self.wait_until_open("intake", "", max(1.0, deadline - time.monotonic()))
                return last
            await asyncio.sleep(0.3)
        raise DriverError(f"round never reached {phase}; last status {last}")


async def connect(stack: Endpoints, namespace: str = "default") -> Client:
    from temporalio.contrib.pydantic import pydantic_data_converter

    return await Client.connect(
        stack.temporal_address, namespace=namespace, data_converter=pydantic_data_converter
    )
