"""Running one real activity against a mock transport, as if for workflow ``are-2027``."""

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from pydantic import BaseModel
from temporalio.testing import ActivityEnvironment

from workflows.activities.services import ServiceActivities
from workflows.messages.services import BallotDefinition, BallotProject
from workflows.settings import WorkerSettings

ROUND = "are-2027"
WHEN = datetime(2027, 3, 1, 12, tzinfo=UTC)
SETTINGS = WorkerSettings(
    intake_url="http://intake",
    assessment_url="http://assessment",
    voting_url="http://voting",
    decision_url="http://decision",
)
# A small ballot of one project, for the activity that defines it.
BALLOT = BallotDefinition(
    round_id=ROUND,
    kommun="K",
    budget=500_000,
    ballot_type="approval",
    max_choices=5,
    projects=[BallotProject(project_id=11, cost=5)],
    opens_at=WHEN,
    closes_at=WHEN.replace(month=4),
)


class Recorder:
    """A mock transport that answers every request with ``answer`` and keeps the requests."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self._answer = answer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._answer(request)


def run_activity(
    answer: Callable[[httpx.Request], httpx.Response], name: str, arg: BaseModel
) -> tuple[Recorder, Any]:
    """Returns the recorder and a coroutine running activity ``name`` for workflow are-2027."""
    recorder = Recorder(answer)
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    activities = ServiceActivities(SETTINGS, http)
    env = ActivityEnvironment()
    env.info = dataclasses.replace(env.info, workflow_id=ROUND)
    return recorder, env.run(getattr(activities, name), arg)
