"""The evaluation's messages: the participation figures the services give as counts, how
the round went, and the evaluation record the decision service keeps."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from workflows.config import Timeline
from workflows.messages.round import PhaseChange
from workflows.messages.updates import DeadlineChange
from workflows.messages.workload import AssessmentWorkload


class Breakdown(BaseModel):
    """Counts per value of one dimension; ``None`` where the service does not provide them.
    A voter count is ``None`` where voting hid a group too small to show."""

    # None for a group hidden as too small (the proposers' areas and age bands, like voters').
    proposals: dict[str, int | None] | None = None
    voters: dict[str, int | None] | None = None


class ProposalFigures(BaseModel):
    """What intake tells about participation, as counts only (never the proposals)."""

    per_day: dict[str, int]
    by_area: dict[str, int] | None
    by_channel: dict[str, int] | None
    by_kind: dict[str, int] | None = None
    # The round's dialogue meetings and the proposals taken down at them.
    meetings: int | None = None
    meeting_proposals: int | None = None
    # Who proposed: the proposers' areas and age bands, small groups hidden by intake (None:
    # an intake from before it kept them).
    by_proposer_area: dict[str, int | None] | None = None
    by_proposer_age_band: dict[str, int | None] | None = None


class VoterFigures(BaseModel):
    """What voting publishes about its voters once voting closed: counts per group, small
    groups already hidden (``None``) by voting's small-cell rule."""

    min_cell: int
    per_day: dict[str, int]
    by_area: dict[str, int | None]
    by_age_band: dict[str, int | None]
    by_channel: dict[str, int | None]
    by_kind: dict[str, int | None] | None = None
    # The people who voted (a round with pots: once each, however many pots they voted in).
    people: int | None = None


class Participation(BaseModel):
    proposals: int
    feasible: int
    ballots: int
    projects_done: int
    projects_cancelled: int = 0
    eligible_voters: int | None = None
    proposals_per_day: dict[str, int] = {}
    ballots_per_day: dict[str, int] | None = None
    by_area: Breakdown = Breakdown()
    by_age_band: Breakdown = Breakdown()
    by_channel: Breakdown = Breakdown()
    by_kind: Breakdown = Breakdown()
    min_cell: int | None = None
    meetings: int | None = None
    meeting_proposals: int | None = None


class ProcessHistory(BaseModel):
    """How the round went: the timeline as planned and as it ended up, when each phase began
    and every moved deadline with its reason."""

    planned: Timeline
    actual: Timeline
    phases: list[PhaseChange]
    deadline_changes: list[DeadlineChange]
    # Rounds whose evaluation opened after "assessment-workload" (None before).
    assessment: AssessmentWorkload | None = None


class EvaluationRecord(BaseModel):
    """The evaluation when it opens (``open``) and when it closes (``submitted`` with the
    conclusions, or ``expired`` when its deadline passed without them)."""

    round_id: str
    status: Literal["open", "submitted", "expired"]
    opened_at: datetime
    deadline: datetime
    summary: str = ""
    submitted_by: str = ""
    closed_at: datetime | None = None
    participation: Participation
    process: ProcessHistory | None = None
