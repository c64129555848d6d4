"""Drives a round over real HTTP and Temporal, the way people and staff would."""

import asyncio
import time
from typing import Any

import httpx
from temporalio.client import Client, WorkflowHandle

from medborgarbudget.stack import LocalStack
from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings


def bearer(role: Role, subject: str, name: str = "") -> dict[str, str]:
    token = issue_token(PlatformSettings(), subject, [role], name=name)
    return {"Authorization": f"Bearer {token}"}


class RoundDriver:
    def __init__(self, stack: LocalStack, handle: WorkflowHandle[Any, Any]) -> None:
        self.stack = stack
        self.handle = handle
        self.round_id = handle.id
        self.http = httpx.AsyncClient(timeout=10)

    async def close(self) -> None:
        await self.http.aclose()

    def url(self, service: str, path: str) -> str:
        return f"{self.stack.url(service)}/rounds/{self.round_id}{path}"

    async def call(
        self, method: str, service: str, path: str, headers: dict[str, str], **kwargs: Any
    ) -> Any:
        answer = await self.http.request(method, self.url(service, path), headers=headers, **kwargs)
        assert answer.status_code < 300, (service, path, answer.status_code, answer.text)
        return answer.json()

    async def wait_until_registered(self, proposal_count: int) -> None:
        """The round enters ASSESSMENT a moment before it registers the proposals for
        assessment, as staff would see: the progress page answers once they are there."""
        for _ in range(50):
            answer = await self.http.get(self.url("assessment", "/progress"))
            if answer.status_code == 200:
                assert answer.json()["total"] == proposal_count
                return
            assert answer.status_code == 404, answer.text
            await asyncio.sleep(0.2)
        raise AssertionError("the proposals never reached the assessment service")

    async def wait_for_phase(self, phase: str, timeout: float = 60) -> dict[str, Any]:
        """Poll the workflow's status query; every wait is bounded. The round shows INTAKE a
        moment before the intake service has it, so for INTAKE wait for the service too."""
        deadline = time.monotonic() + timeout
        last: dict[str, Any] = {}
        while time.monotonic() < deadline:
            last = await self.handle.query("status")
            if not isinstance(last, dict):
                last = last.model_dump(mode="json")
            if last["phase"] == phase and (phase != "INTAKE" or await self._intake_knows()):
                return last
            await asyncio.sleep(0.3)
        raise AssertionError(f"round never reached {phase}; last status {last}")

    async def _intake_knows(self) -> bool:
        answer = await self.http.get(f"{self.stack.url('intake')}/rounds/{self.round_id}")
        assert answer.status_code in (200, 404), answer.text
        return answer.status_code == 200


async def connect(stack: LocalStack) -> Client:
    from temporalio.contrib.pydantic import pydantic_data_converter

    return await Client.connect(stack.temporal_address, data_converter=pydantic_data_converter)
