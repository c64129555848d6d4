"""How the services' HTTP answers become activity outcomes (shared by the service and kommun
adapters): a 4xx is final, 5xx, 408 and 429 retry, and a write whose answer was lost in a crash
is recognised so it can be asked for again.
"""

from typing import Any

import httpx
from temporalio.exceptions import ApplicationError

# Too early or too many requests: asking again later can succeed.
_RETRYABLE_CLIENT_ERRORS = {408, 429}
# services/common/idempotency.py: the write was applied, its process died before answering.
ANSWER_LOST = "/idempotency-key-applied"


class ServiceUnavailableError(Exception):
    """A service answered 5xx, 408 or 429; the activity retries with backoff."""


def check_answer(response: httpx.Response) -> None:
    """Raises unless the answer is a success: retryably for 5xx, 408 and 429, finally (type
    ``ServiceRejected``, with the problem+json body as details) for other 4xx answers."""
    status = response.status_code
    request = response.request
    where = f"{request.method} {request.url}"
    if status >= 500 or status in _RETRYABLE_CLIENT_ERRORS:
        raise ServiceUnavailableError(f"{where} svarade {status}: {response.text[:500]}")
    if status >= 400:
        problem = problem_of(response)
        raise ApplicationError(
            f"{problem.get('detail', '')} ({where} svarade {status})",
            problem,
            type="ServiceRejected",
            non_retryable=True,
        )


def answer_was_lost(response: httpx.Response) -> bool:
    """The service applied this keyed write earlier but crashed before it stored the answer."""
    if response.status_code != 409:
        return False
    return str(problem_of(response).get("type", "")).endswith(ANSWER_LOST)


def problem_of(response: httpx.Response) -> dict[str, Any]:
    """The problem+json body, or a stand-in when a proxy answered with something else."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        return body
    return {"status": response.status_code, "detail": response.text[:500]}
