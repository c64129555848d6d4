"""How HTTP answers become activity errors: a 4xx is final (ServiceRejected, with the problem
detail), 5xx, 408, 429 and connection errors retry."""

from typing import Any

import httpx
import pytest
from temporalio.exceptions import ApplicationError

from tests.workflows.fakes import FakeServices
from tests.workflows.mock_services import ROUND, SETTINGS, run_activity
from workflows.activities.services import ServiceUnavailableError
from workflows.messages.services import RoundRef
from workflows.worker import all_activities


async def test_client_error_is_final_with_the_problem_detail() -> None:
    problem = {
        "type": "https://medborgarbudget.se/problem/assessment-incomplete",
        "title": "Konflikt",
        "status": 409,
        "detail": "2 förslag saknar bedömning.",
    }
    _, running = run_activity(
        lambda _: httpx.Response(409, json=problem),
        "assessment_close_round",
        RoundRef(round_id=ROUND),
    )
    with pytest.raises(ApplicationError) as error:
        await running
    assert error.value.non_retryable
    assert error.value.type == "ServiceRejected"
    assert "2 förslag saknar bedömning." in error.value.message
    assert error.value.details == (problem,)


@pytest.mark.parametrize("status", [500, 503, 408, 429])
async def test_server_errors_are_retryable(status: int) -> None:
    _, running = run_activity(
        lambda _: httpx.Response(status, text="upptagen"), "voting_open", RoundRef(round_id=ROUND)
    )
    with pytest.raises(ServiceUnavailableError):
        await running


async def test_connection_errors_are_retryable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    _, running = run_activity(refuse, "voting_open", RoundRef(round_id=ROUND))
    with pytest.raises(httpx.ConnectError):
        await running


def test_fakes_stand_in_for_every_activity() -> None:
    """The workflow tests register the fakes under the real names; none may be missing."""

    def names(functions: Any) -> list[str]:
        return [f.__temporal_activity_definition.name for f in functions]

    http = httpx.AsyncClient()
    assert names(FakeServices().all()) == names(all_activities(SETTINGS, http))


async def test_a_write_whose_answer_was_lost_is_asked_again_under_a_fresh_key() -> None:
    """The service applied the close, then crashed before it stored its answer (409
    ``idempotency-key-applied``): the activity asks again under a new key and gets it."""
    keys: list[str] = []

    def service(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers["idempotency-key"])
        if len(keys) == 1:
            lost = {"type": "https://medborgarbudget.se/problem/idempotency-key-applied"}
            return httpx.Response(409, json={**lost, "status": 409, "detail": "Redan gjort."})
        return httpx.Response(200, json={"round_id": ROUND, "ballot_count": 7})

    _, running = run_activity(service, "voting_close", RoundRef(round_id=ROUND))
    closed = await running
    assert closed.ballot_count == 7
    assert keys == [f"{ROUND}:voting-close", f"{ROUND}:voting-close:resent-1"]


async def test_other_conflicts_are_not_asked_again() -> None:
    calls: list[str] = []

    def service(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(409, json={"type": "https://medborgarbudget.se/problem/closed"})

    _, running = run_activity(service, "voting_close", RoundRef(round_id=ROUND))
    with pytest.raises(ApplicationError):
        await running
    assert len(calls) == 1
