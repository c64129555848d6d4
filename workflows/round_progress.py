"""Where a round stands, and showing it: the ``status`` query, the search attributes the
Temporal UI filters on, and the Swedish current details staff read there.

Every change of phase or of what the round waits for goes through here, so the three never
disagree. Search attributes are upserted only when phase or deadline change: each upsert is a
history event.
"""

from datetime import datetime
from typing import Any

from temporalio import workflow
from temporalio.common import SearchAttributeUpdate

with workflow.unsafe.imports_passed_through():
    from workflows.config import RoundConfig, Timeline
    from workflows.display import current_details
    from workflows.messages.announcements import AnnouncementSummary
    from workflows.messages.evaluation import ProcessHistory
    from workflows.messages.projects import ImplementationCounts
    from workflows.messages.round import PhaseChange, RoundCounts, RoundPhase
    from workflows.messages.status import PotCounts, RoundOutcome, RoundStatus
    from workflows.messages.updates import DeadlineChange, RoundCancellation
    from workflows.search_attributes import KOMMUN, PHASE_DEADLINE, ROUND_PHASE, ROUND_YEAR


class RoundProgress:
    def __init__(self, round_id: str, config: RoundConfig) -> None:
        self.round_id = round_id
        self._config = config
        self.phase = RoundPhase.PREPARING
        self.counts = RoundCounts()
        self._deadline: datetime | None = None
        self._waiting_for = ""
        self._responsible = ""
        self._phases: list[PhaseChange] = []
        self._last_rejection: str | None = None
        self._published: tuple[RoundPhase, datetime | None] | None = None
        self._timeline: Timeline = config.timeline
        self._changes: list[DeadlineChange] = []
        self.cancellation: RoundCancellation | None = None
        self._messages: AnnouncementSummary | None = None
        # A round with pots: each pot's figures (workflows.phases.pot_requests).
        self.pots: list[PotCounts] = []

    def enter(
        self, phase: RoundPhase, deadline: datetime | None, waiting_for: str, responsible: str
    ) -> None:
        self.phase = phase
        self._phases.append(PhaseChange(phase=phase, at=workflow.now()))
        self.wait_for(waiting_for, responsible, deadline)

    def wait_for(self, waiting_for: str, responsible: str, deadline: datetime | None) -> None:
        self._waiting_for, self._responsible, self._deadline = waiting_for, responsible, deadline
        if self._published != (self.phase, deadline):
            updates: list[SearchAttributeUpdate[Any]] = [
                ROUND_PHASE.value_set(self.phase),
                PHASE_DEADLINE.value_set(deadline)
                if deadline is not None
                else PHASE_DEADLINE.value_unset(),
            ]
            if self._published is None:
                updates.append(KOMMUN.value_set(self._config.kommun))
                updates.append(ROUND_YEAR.value_set(self._config.round_year))
            workflow.upsert_search_attributes(updates)
            self._published = (self.phase, deadline)
        self.refresh()

    def deadline_changed(self, change: DeadlineChange, timeline: Timeline) -> None:
        """A moved deadline; shown at once when it is the current phase's."""
        self._timeline = timeline
        self._changes.append(change)
        if change.phase == self.phase:
            self.wait_for(self._waiting_for, self._responsible, change.deadline)
        else:
            self.refresh()

    def projects_ended(self, counts: ImplementationCounts) -> None:
        """The implementation's counts so far; a late report never lowers them."""
        mine = self.counts
        mine.projects_done = max(mine.projects_done, counts.projects_done)
        mine.projects_cancelled = max(mine.projects_cancelled, counts.projects_cancelled)
        self.refresh()

    def announced(self, summary: AnnouncementSummary) -> None:
        """The notify service's count after an announcement, for the current details."""
        self._messages = summary
        self.refresh()

    def reject(self, message: str) -> None:
        """Shows an ignored message to staff; the sender may not be watching the logs."""
        workflow.logger.warning("Ignorerat: %s", message)
        self._last_rejection = message
        self.refresh()

    def refresh(self) -> None:
        workflow.set_current_details(current_details(self.status()))

    def status(self) -> RoundStatus:
        return RoundStatus(
            round_id=self.round_id,
            phase=self.phase,
            phase_deadline=self._deadline,
            waiting_for=self._waiting_for,
            responsible=self._responsible,
            timeline=self._timeline,
            counts=self.counts,
            last_rejection=self._last_rejection,
            deadline_changes=self._changes,
            cancellation=self.cancellation,
            messages=self._messages,
            pots=self.pots,
            currency=self._config.currency,
        )

    def history(self) -> ProcessHistory:
        """For the evaluation: the plan, what became of it, and why it moved."""
        return ProcessHistory(
            planned=self._config.timeline,
            actual=self._timeline,
            phases=list(self._phases),
            deadline_changes=list(self._changes),
        )

    def finish(self, summary: str, approved: dict[int, int]) -> RoundOutcome:
        if self.phase != RoundPhase.CANCELLED:
            self.enter(RoundPhase.COMPLETED, None, "inget, omgången är avslutad", "ingen")
        return RoundOutcome(
            round_id=self.round_id,
            phase=self.phase,
            summary=summary,
            counts=self.counts,
            approved_project_ids=list(approved),
            approved_cost=sum(approved.values()),
            phases=self._phases,
        )
