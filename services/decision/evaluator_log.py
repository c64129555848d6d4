"""Every read by the independent evaluator is logged: whatever a round's route answers an
evaluator of the round's kommun (the open data, the report, indicators, spend, surveys, the
anonymised data), and staff's reads of the evaluator's own routes. The entry is written before
the answer leaves, and only for an answer that carries data (200), so the log tells exactly
what was read; a log that cannot be written stops the answer (500), never the other way round.
"""

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.auth import Principal, Role, check_kommun, current_principal
from services.common.errors import Problem
from services.decision.models.round import DecisionRound
from services.decision.routes.evaluator import log_access

ROUND_PREFIX = "/rounds/{round_id}"
EVALUATOR_ROUTES = ROUND_PREFIX + "/evaluator/"
# What a route is called in the log; any other is logged by its address within the round.
NAMES = {
    "/evaluator/data": "underlag",
    "/evaluator/access-log": "åtkomstloggen",
    "": "omgången",
}
MAX_WHAT = 100


def what_was_read(path: str, round_id: str) -> str:
    """``/rounds/are-2027/open-data/spend.csv`` -> ``/open-data/spend.csv``."""
    within = path.removeprefix(f"/rounds/{round_id}")
    return NAMES.get(within, within)[:MAX_WHAT]


def _logged_reader(principal: Principal, template: str) -> bool:
    """The evaluator on every route; staff only on the evaluator's own ones."""
    if Role.EVALUATOR in principal.roles:
        return True
    return Role.OFFICIAL in principal.roles and template.startswith(EVALUATOR_ROUTES)


def _write(request: Request, principal: Principal, round_id: str) -> None:
    with Session(request.app.state.engine) as session:
        decision_round = session.get(DecisionRound, round_id)
        if decision_round is None:
            return
        try:
            check_kommun(principal, decision_round.kommun)
        except Problem:
            return  # another kommun's evaluator reads public data like anyone
        what = what_was_read(request.url.path, round_id)
        log_access(session, round_id, principal, what)


class EvaluatorReadLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        signed_in = any(name == b"authorization" for name, _ in scope.get("headers", []))
        if scope["type"] != "http" or scope["method"] != "GET" or not signed_in:
            await self.app(scope, receive, send)
            return

        async def log_then_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                await self._log(scope)
            await send(message)

        await self.app(scope, receive, log_then_send)

    async def _log(self, scope: Scope) -> None:
        route = scope.get("route")
        template = str(getattr(route, "path", ""))
        round_id = scope.get("path_params", {}).get("round_id")
        if not template.startswith(ROUND_PREFIX) or not isinstance(round_id, str):
            return
        request = Request(scope)
        try:
            principal = await current_principal(request)
        except Problem:
            return  # a public route answered without a valid token
        if _logged_reader(principal, template):
            await run_in_threadpool(_write, request, principal, round_id)
