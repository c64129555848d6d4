"""The ``status`` query's answer and the round's result."""

from datetime import datetime

from pydantic import BaseModel

from workflows.config import Timeline
from workflows.messages.announcements import AnnouncementSummary
from workflows.messages.round import PhaseChange, RoundCounts, RoundPhase
from workflows.messages.updates import DeadlineChange, RoundCancellation


class PotCounts(BaseModel):
    """A pot's figures in a round with pots: its budget, ballots once voting closed, projects
    selected once counted."""

    pot: str
    budget: int
    ballots: int = 0
    selected: int = 0


class RoundStatus(BaseModel):
    """Answer to the ``status`` query: where the round is and what it waits for."""

    round_id: str
    phase: RoundPhase
    phase_deadline: datetime | None
    waiting_for: str
    responsible: str
    timeline: Timeline
    counts: RoundCounts
    last_rejection: str | None = None
    deadline_changes: list[DeadlineChange] = []
    cancellation: RoundCancellation | None = None
    # The round's messages to people so far, as the notify service counted them at the last
    # announcement (rounds from before announcements: none).
    messages: AnnouncementSummary | None = None
    pots: list[PotCounts] = []
    # The round's currency from its config (ISO 4217): the pages show its amounts in it, also
    # for a round started without the starter's memo (from the Temporal UI).
    currency: str = "SEK"


class RoundOutcome(BaseModel):
    """The round workflow's result."""

    round_id: str
    phase: RoundPhase
    summary: str
    counts: RoundCounts
    approved_project_ids: list[int] = []
    approved_cost: int = 0
    phases: list[PhaseChange]
