"""The demo's voting window, kept open for the ballots still to come.

The window is planned when the round starts, from an assumed ballot rate. When casting runs
slower than planned (a busy machine), the demo does what staff would do: it asks the round's
workflow to move the end of voting later (the ``extend_deadline`` update, with a reason), never
earlier, so no ballot is refused and a fast machine does not wait out a window sized for a
slow one. The council's and the projects' due dates move first by as much, keeping the
timeline in order; the start of the evaluation cannot move, so the plan keeps a reserve before
it (``demo.plan_timeline``) and the end of voting moves at most up to that reserve.
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from temporalio.client import WorkflowHandle, WorkflowUpdateFailedError

from workflows.messages.updates import DeadlineExtension

# Ballots and seconds seen before the rate is trusted: the first ones include warm-up.
MIN_BALLOTS = 50
MIN_SECONDS = 3.0
# Extend when the projected end comes this close to the close; extend to the projected end
# times STRETCH plus SLACK, so one extension usually suffices.
SAFETY = timedelta(seconds=10)
STRETCH = 1.5
SLACK = timedelta(seconds=15)
CHECK_EVERY = 2.0
# The later due dates keep this much room between each other and before the evaluation.
GAP = timedelta(seconds=2)
REQUESTED_BY = "medborgarbudget demo"
# Moved last to first, so that each move keeps the timeline in order.
LATER = (
    ("IMPLEMENTATION", "implementation_due_at"),
    ("COUNCIL_DECISION", "council_decision_due_at"),
)


@dataclass
class VotingWindow:
    """Counts the ballots cast and, watched, moves the end of voting when they run late.
    ``timeline``: the round's milestones as planned, kept up to date with every move."""

    timeline: dict[str, datetime]
    total: int
    started: float = field(default_factory=time.monotonic)
    cast: int = 0
    extensions: list[datetime] = field(default_factory=list)

    @property
    def closes_at(self) -> datetime:
        return self.timeline["voting_closes_at"]

    @property
    def latest_close(self) -> datetime:
        """The end of voting can move up to here: the due dates after it need their room."""
        return self.timeline["evaluation_at"] - GAP * (len(LATER) + 1)

    def counting(self, advance: Callable[[], None]) -> Callable[[], None]:
        """``advance`` that also counts the ballot for the estimate."""

        def counted() -> None:
            self.cast += 1
            advance()

        return counted

    def needed_close(self, now: datetime, elapsed: float) -> datetime | None:
        """A later end of voting if, at the rate so far, the rest would not fit; else None."""
        if self.cast < MIN_BALLOTS or elapsed < MIN_SECONDS or self.cast >= self.total:
            return None
        rate = self.cast / elapsed
        rest = timedelta(seconds=(self.total - self.cast) / rate)
        if now + rest + SAFETY <= self.closes_at:
            return None
        wanted = min(now + rest * STRETCH + SLACK, self.latest_close)
        return wanted if wanted > self.closes_at else None

    def requests(self, until: datetime, elapsed: float) -> list[DeadlineExtension]:
        """The moves, in the order to send them: later due dates first, then voting."""
        rate = self.cast / elapsed if elapsed > 0 else 0.0
        reason = (
            f"Återuppspelningen tar emot {rate:.0f} röster/s, färre än planerat: "
            f"{self.total - self.cast} röster återstår."
        )
        shift = until - self.closes_at
        moves: list[tuple[str, datetime]] = []
        ceiling = self.timeline["evaluation_at"]
        for phase, milestone in LATER:
            moved = min(self.timeline[milestone] + shift, ceiling - GAP)
            if moved > self.timeline[milestone]:
                moves.append((phase, moved))
            ceiling = max(moved, self.timeline[milestone])
        moves.append(("VOTING", until))
        return [
            DeadlineExtension(
                phase=phase, until=when.isoformat(), reason=reason, requested_by=REQUESTED_BY
            )
            for phase, when in moves
        ]

    async def watch(self, handle: WorkflowHandle[Any, Any], notice: Callable[[str], None]) -> None:
        """Every few seconds until cancelled: extend the end of voting when it is needed."""
        while True:
            await asyncio.sleep(CHECK_EVERY)
            now, elapsed = datetime.now(UTC), time.monotonic() - self.started
            until = self.needed_close(now, elapsed)
            if until is None:
                continue
            for request in self.requests(until, elapsed):
                try:
                    await handle.execute_update("extend_deadline", request)
                except WorkflowUpdateFailedError as exc:
                    notice(f"Röstningen kunde inte förlängas: {exc.cause or exc}")
                    return
                milestone = dict(LATER).get(request.phase, "voting_closes_at")
                self.timeline[milestone] = datetime.fromisoformat(request.until)
            self.extensions.append(until)
            notice(f"Röstningen förlängd till kl. {until.astimezone():%H:%M:%S}.")
