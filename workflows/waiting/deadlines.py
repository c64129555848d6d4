"""The round's deadlines as they stand now: the config's timeline, moved by ``extend_deadline``.

Each phase has one deadline (``PHASE_MILESTONES``; the evaluation's is its closing, set when it
opens). Waits read the deadline through here at every wake-up and also wake when it moves, so
a longer deadline takes effect at once without waiting for the old timer, and a later phase
simply uses the new date when it gets there. Whoever was given a copy of a deadline is kept
here too (``copies``, ``implementation``), so a change can be passed on.
"""

import functools
from datetime import datetime, timedelta

from pydantic import BaseModel, ValidationError
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from services.common.dates import check_moment
    from workflows.activities.operations import ServiceName
    from workflows.config import Timeline
    from workflows.display import PHASE_NAMES, stockholm_time
    from workflows.messages.round import RoundPhase

from workflows.waiting.timing import wait_until

PHASE_MILESTONES = {
    RoundPhase.PREPARING: "intake_opens_at",
    RoundPhase.INTAKE: "intake_closes_at",
    RoundPhase.ASSESSMENT: "assessment_due_at",
    RoundPhase.BALLOT_APPROVAL: "voting_opens_at",
    RoundPhase.VOTING: "voting_closes_at",
    RoundPhase.COUNCIL_DECISION: "council_decision_due_at",
    RoundPhase.IMPLEMENTATION: "implementation_due_at",
}
ORDER = list(RoundPhase)


class Deadlines:
    def __init__(self, timeline: Timeline, evaluation_period: timedelta) -> None:
        self.timeline = timeline
        self.evaluation_closes_at: datetime | None = None
        self._evaluation_period = evaluation_period
        # The request each service was last sent: it holds the deadlines in it.
        self.copies: dict[ServiceName, BaseModel] = {}
        # The running implementation workflow, which passes a moved date on to its projects.
        self.implementation: str | None = None

    def of(self, phase: RoundPhase) -> datetime | None:
        if phase == RoundPhase.EVALUATION:
            return self.evaluation_closes_at
        field = PHASE_MILESTONES.get(phase)
        return getattr(self.timeline, field) if field else None

    def required(self, phase: RoundPhase) -> datetime:
        deadline = self.of(phase)
        assert deadline is not None, phase
        return deadline

    def problem(
        self, phase: RoundPhase, until: datetime, current: RoundPhase, now: datetime
    ) -> str | None:
        """Why the deadline of ``phase`` cannot move to ``until`` now, in Swedish; else None."""
        name = PHASE_NAMES.get(phase, phase)
        if current in (RoundPhase.COMPLETED, RoundPhase.CANCELLED):
            return f"Omgången är redan {PHASE_NAMES[current].lower()}; inga tider kan ändras."
        if phase not in PHASE_MILESTONES and phase != RoundPhase.EVALUATION:
            return f"Fasen {name} har ingen tidsgräns som kan ändras."
        if ORDER.index(phase) < ORDER.index(current):
            return f"Fasen {name} är redan avslutad; bara pågående och kommande faser kan ändras."
        if until.tzinfo is None:
            return "Den nya tidsgränsen behöver en tidszon, t.ex. 2027-06-01T12:00:00+02:00."
        try:  # before anything computes with it: a far date overflows Swedish time
            check_moment(until)
        except ValueError as err:
            return str(err)
        if until <= now:
            return f"Den nya tidsgränsen ({stockholm_time(until)}) måste ligga i framtiden."
        voting_now = phase == current == RoundPhase.VOTING
        if voting_now and until <= self.required(RoundPhase.VOTING):  # voters planned for it
            return "Röstningen pågår: sluttiden kan bara flyttas till en senare tidpunkt."
        if phase == RoundPhase.EVALUATION:
            if self.evaluation_closes_at is None and until <= self.timeline.evaluation_at:
                return "Uppföljningens sista dag måste ligga efter att uppföljningen börjar."
            return None
        try:
            self._moved(phase, until)
        except ValidationError as err:
            return "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in err.errors())
        return None

    def _moved(self, phase: RoundPhase, until: datetime) -> Timeline:
        changed = {**self.timeline.model_dump(), PHASE_MILESTONES[phase]: until}
        return Timeline.model_validate(changed)

    def extend(self, phase: RoundPhase, until: datetime) -> None:
        if phase == RoundPhase.EVALUATION:
            self.evaluation_closes_at = until
        else:
            self.timeline = self._moved(phase, until)

    def open_evaluation(self, opened_at: datetime) -> datetime:
        """The evaluation's closing: a date set beforehand by an extension, else the period."""
        if self.evaluation_closes_at is None:
            self.evaluation_closes_at = opened_at + self._evaluation_period
        return self.evaluation_closes_at

    async def sleep(self, phase: RoundPhase, summary: str) -> None:
        """Until the phase's deadline, however often it moves meanwhile."""
        while (due := self.of(phase)) is not None:
            if not await wait_until(functools.partial(self._moved_from, phase, due), due, summary):
                return

    def _moved_from(self, phase: RoundPhase, due: datetime) -> bool:
        return self.of(phase) != due
