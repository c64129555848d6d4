"""Waiting for people without silence: one reminder mechanism for every phase that waits.

A wait has a deadline (which staff may move with ``extend_deadline``) and three checkpoints:
a reminder ``before`` it, an overdue notice at it, and an escalation to the round's owner
``escalate_after`` it. Each checkpoint is a durable timer followed by a notification activity,
and is sent once per deadline: a moved deadline plans its checkpoints afresh. After the
escalation the wait goes on silently, since the round cannot go on without the people.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.config import ReminderSettings
    from workflows.display import PHASE_NAMES, stockholm_time
    from workflows.messages.round import RoundPhase

if TYPE_CHECKING:
    from workflows.phases.context import RoundContext

from workflows.waiting.timing import wait_until

CheckpointKind = Literal["reminder", "overdue", "escalation"]
OWNER = "omgångens ägare"


@dataclass(frozen=True)
class Checkpoint:
    at: datetime
    kind: CheckpointKind


@dataclass(frozen=True)
class Notice:
    recipients: str
    subject: str
    message: str
    kind: Literal["reminder", "escalation"]


def plan(
    deadline: datetime, settings: ReminderSettings, now: datetime, *, ends_at_deadline: bool = False
) -> list[Checkpoint]:
    """The checkpoints in time order. A reminder that would come before the wait has even
    started is left out; overdue and escalation always come, however late. A wait that ends
    at its deadline (the evaluation closes then) has only the reminder."""
    planned: list[Checkpoint] = []
    remind_at = deadline - settings.before
    if settings.before > timedelta(0) and remind_at > now:
        planned.append(Checkpoint(remind_at, "reminder"))
    if not ends_at_deadline:
        planned.append(Checkpoint(deadline, "overdue"))
        planned.append(Checkpoint(deadline + settings.escalate_after, "escalation"))
    return planned


def escalation_recipients(owner: str, approvers: list[str]) -> str:
    return owner or ", ".join(approvers) or OWNER


def notice(
    kind: CheckpointKind, what: str, responsible: str, owner: str, deadline: datetime
) -> Notice:
    """The generic texts: ``what`` is the awaited thing, e.g. 'godkännandet av röstsedeln'."""
    due = stockholm_time(deadline)
    if kind == "reminder":
        return Notice(
            responsible, f"Påminnelse: {what} senast {due}", f"Omgången väntar på {what}.", kind
        )
    if kind == "overdue":
        message = f"Tidsgränsen {due} har passerat och omgången väntar fortfarande på {what}."
        return Notice(responsible, f"Försenat: {what}", message, "reminder")
    message = f"{responsible} har inte lämnat {what}, som skulle ha kommit senast {due}."
    return Notice(owner, f"Eskalering: {what} är försenat", message, "escalation")


Notify = Callable[[CheckpointKind, datetime], Awaitable[None]]


class Watch:
    """A wait with checkpoints against a deadline read through ``deadline`` (it may move).

    The same object is reused across waits for the same thing (e.g. a refused council
    decision, then the next), so a checkpoint is never sent twice for one deadline.
    """

    def __init__(
        self,
        deadline: Callable[[], datetime],
        settings: ReminderSettings,
        notify: Notify,
        summary: str,
        *,
        ends_at_deadline: bool = False,
    ) -> None:
        self._deadline = deadline
        self._settings = settings
        self._notify = notify
        self._summary = summary
        self._ends = ends_at_deadline
        self._planned_for: datetime | None = None
        self._ahead: list[Checkpoint] = []

    async def wait(self, condition: Callable[[], bool]) -> bool:
        """Until ``condition`` holds (``True``), or the deadline of a wait that ends there
        passes (``False``)."""
        while not condition():
            due = self._deadline()
            if due != self._planned_for:
                self._planned_for = due
                self._ahead = plan(due, self._settings, workflow.now(), ends_at_deadline=self._ends)
            wake_at = self._ahead[0].at if self._ahead else (due if self._ends else None)

            def woken(due: datetime = due) -> bool:
                return condition() or self._deadline() != due

            if wake_at is None:
                await workflow.wait_condition(woken)
                continue
            if await wait_until(woken, wake_at, self._summary):
                continue
            while self._ahead and self._ahead[0].at <= workflow.now():
                await self._notify(self._ahead.pop(0).kind, due)
            if self._ends and not self._ahead and workflow.now() >= due:
                return condition()
        return True


def watch(
    ctx: "RoundContext",
    phase: RoundPhase,
    settings: ReminderSettings,
    what: str,
    responsible: str,
    *,
    ends_at_deadline: bool = False,
) -> Watch:
    """A watch on ``phase``'s current deadline that sends the generic notices."""
    owner = escalation_recipients(ctx.config.owner, ctx.config.approvers)

    async def send(kind: CheckpointKind, due: datetime) -> None:
        n = notice(kind, what, responsible, owner, due)
        await ctx.notifier.send(n.recipients, n.subject, n.message, n.kind)

    summary = f"{PHASE_NAMES[phase]}: nästa påminnelse"
    return Watch(
        lambda: ctx.deadlines.required(phase),
        settings,
        send,
        summary,
        ends_at_deadline=ends_at_deadline,
    )
