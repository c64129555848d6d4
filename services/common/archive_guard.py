"""The archive guard: writes under ``/rounds/{id}`` of an archived round are refused with 409.

Every write passes it, so it must not cost a database round trip each: an archive is final and
is remembered for good, and a round found not archived is believed so for ``recheck`` seconds
(1 s) before it is looked up again. The archiving process forgets that at once; another process
may take a write to the round for up to ``recheck`` after it was archived, no longer than the
lookup-then-write gap a guard in front of a route has anyway. Voting's own check is exact:
archiving closes the round's ballot in the same transaction, and the group commit refuses a
ballot of a closed round.
"""

import time

from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from services.common.archive import ArchivedRound, archived_problem, find_archive
from services.common.errors import problem_response
from services.common.plain_request import WRITE_METHODS, round_in_path

# Rounds remembered as not archived, at most: a flood of made-up round ids stays bounded.
_MAX_REMEMBERED = 4096


class ArchiveGuardMiddleware:
    """Inside the idempotency middleware, so a repeated earlier write still gets its first
    answer; the archive call itself passes."""

    def __init__(self, app: ASGIApp, recheck: float = 1.0) -> None:
        self.app = app
        self.recheck = recheck
        self._archived: dict[str, ArchivedRound] = {}
        self._open_until: dict[str, float] = {}  # round id -> until when it is believed open

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        written = _written_round(scope)
        if written is None:
            await self.app(scope, receive, send)
            return
        round_id, archiving = written
        if archiving:
            try:
                await self.app(scope, receive, send)
            finally:
                self._open_until.pop(round_id, None)
            return
        archive = await self._archive(scope["app"].state.engine, round_id)
        if archive is not None:
            await problem_response(archived_problem(archive))(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _archive(self, engine: Engine, round_id: str) -> ArchivedRound | None:
        archive = self._archived.get(round_id)
        now = time.monotonic()
        if archive is not None or self._open_until.get(round_id, 0.0) > now:
            return archive
        archive = await run_in_threadpool(find_archive, engine, round_id)
        if archive is not None:
            self._archived[round_id] = archive
            return archive
        if len(self._open_until) >= _MAX_REMEMBERED:
            self._open_until = {r: t for r, t in self._open_until.items() if t > now}
            if len(self._open_until) >= _MAX_REMEMBERED:
                self._open_until.clear()
        self._open_until[round_id] = now + self.recheck
        return None


def _written_round(scope: Scope) -> tuple[str, bool] | None:
    """The round a write goes to, and whether the write archives it; ``None``: not a write to
    a round."""
    if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
        return None
    round_id = round_in_path(scope["path"])
    if round_id is None:  # no round, or an id off its pattern: the route refuses it, unread
        return None
    path = scope["path"].rstrip("/")
    if scope["method"] == "DELETE" and path == f"/rounds/{round_id}/personal-data":
        return None  # erasure after the retention period changes no record: a cancelled round's too
    return round_id, path == f"/rounds/{round_id}/archive"
