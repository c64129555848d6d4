"""Inputs and outputs of the service activities: the bodies and answers of docs/api.md.

Only ids, counts and results pass through here; proposal texts and ballots stay in the
services. Answers the workflow does not use are not parsed, so a service may grow its answers
without breaking a running round.
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.common.indicators import IndicatorDefinition
from workflows.config import BallotConfig, BallotType, EligibilityConfig, Timeline
from workflows.messages.projects import Milestone
from workflows.messages.round import PhaseChange
from workflows.messages.signals import CouncilDecision
from workflows.messages.updates import DeadlineChange
from workflows.messages.workload import AssessmentWorkload
from workflows.proposal_rules import PROPOSER_KINDS, Choice, Criterion, ProposerKind


class RoundRef(BaseModel):
    """A call whose only argument is the round (close, open, progress, tally)."""

    round_id: str


class IntakePot(BaseModel):
    """A pot as intake needs it: what a proposal may name, and the pot's cap."""

    id: str
    name: str
    area: str | None = None
    max_proposal_cost: int
    budget: int | None = None


class IntakeRoundSetup(BaseModel):
    round_id: str
    title: str
    kommun: str
    intake_closes_at: datetime
    max_proposal_cost: int
    criteria: list[Criterion] = []
    categories: list[Choice] = []
    areas: list[Choice] = []
    proposer_kinds: list[ProposerKind] = PROPOSER_KINDS
    pots: list[IntakePot] = []


class IntakeClosed(BaseModel):
    round_id: str
    proposal_ids: list[int]
    count: int


class AssessmentCriterion(BaseModel):
    """A criterion as assessment needs it: what to give a verdict on."""

    id: str
    text: str


class AssessmentPot(BaseModel):
    """A pot's cap per proposal, which a feasible proposal of the pot stays within."""

    pot: str
    name: str
    area: str | None = None
    max_proposal_cost: int


class AssessmentSetup(BaseModel):
    """``pots`` in a round with pots; the activity reads from intake which pot each proposal
    names, so that the proposals' pots never pass through the workflow."""

    round_id: str
    kommun: str
    proposal_ids: list[int]
    due_at: datetime
    criteria: list[AssessmentCriterion] = []
    max_proposal_cost: int | None = None
    pots: list[AssessmentPot] = []


class AssessorLoad(BaseModel):
    name: str
    pending: int


class AssessmentProgress(BaseModel):
    """``pending_assessors`` names who to remind: one entry per assessor, not per proposal,
    so the answer stays small in the history."""

    round_id: str
    status: Literal["open", "closed"]
    total: int
    assessed: int
    feasible: int
    complete: bool
    unassigned: int = 0
    overdue: int = 0
    pending_assessors: list[AssessorLoad] = []


class FeasibleProject(BaseModel):
    proposal_id: int
    cost: int


class AssessmentClosed(BaseModel):
    round_id: str
    feasible: list[FeasibleProject]
    feasible_count: int
    rejected_count: int


class DecisionRoundSetup(BaseModel):
    round_id: str
    title: str
    kommun: str
    budget: int
    indicators: list[IndicatorDefinition] = []


class OfficialCheck(BaseModel):
    """An approval's token, to be verified by the decision service for ``role`` in the round."""

    round_id: str
    token: str = Field(repr=False)
    role: Literal["official", "council_secretary"]


class VerifiedOfficial(BaseModel):
    """The decision service's answer: the name the token's holder is recorded under."""

    name: str


class BallotApprovalRecord(BaseModel):
    round_id: str
    approved_by: str
    comment: str
    approved_at: datetime


class BallotProject(BaseModel):
    project_id: int
    cost: int


class PotBallotSpec(BaseModel):
    """A pot's ballot as the round's config decides it; the activity puts each feasible
    project on its pot's ballot (intake knows which pot a proposal is for)."""

    id: str
    name: str
    area: str | None = None
    area_source: str = "register"
    budget: int
    ballot: BallotConfig
    rule: str
    min_project_score_threshold: int | None = None
    min_age: int | None = None
    exclusive_pairs: list[list[int]] = []


class BallotDefinition(BaseModel):
    """The voting service's ballot: type, limits and eligibility as the round config sets them."""

    round_id: str
    kommun: str
    budget: int
    ballot_type: BallotType
    rule: str = "greedy"
    min_project_score_threshold: int | None = None
    exclusive_pairs: list[list[int]] = []
    max_choices: int | None
    min_spend_percent: int | None = None
    total_points: int | None = None
    max_points_per_project: int | None = None
    electorate: int | None = None
    eligibility: EligibilityConfig = EligibilityConfig()
    projects: list[BallotProject]
    opens_at: datetime
    closes_at: datetime
    pots: list[PotBallotSpec] = []


class VotingClosed(BaseModel):
    round_id: str
    ballot_count: int
    # A round with pots: ballots per pot (left out of the dump when there are none).
    pots: dict[str, int] = Field(default={}, exclude_if=lambda pots: not pots)


class ProjectResult(BaseModel):
    project_id: int
    cost: int
    votes: int
    selected: bool
    reason: str | None = None
    # A round with pots: the project's pot (left out of the dump when there is none).
    pot: str | None = Field(default=None, exclude_if=lambda pot: pot is None)


class TallyResult(BaseModel):
    """The voting service's result, passed on unchanged to the decision service."""

    # Kept whole (extra fields too): the decision service stores what voting published.
    model_config = ConfigDict(extra="allow")

    round_id: str
    rule: str
    rule_version: str
    budget: int
    ballot_count: int
    ballots_hash: str
    selected: list[int]
    total_cost: int
    projects: list[ProjectResult]


class CouncilDecisionRecord(BaseModel):
    """``attempt`` counts the decisions sent to the service: a rejected one keeps its
    idempotency key, so the next one needs its own."""

    round_id: str
    decision: CouncilDecision
    decided_at: datetime
    attempt: int = 1


class CaseReference(BaseModel):
    """The diarium's id for the registered council decision."""

    round_id: str
    case_reference: str
    registered_at: datetime


class ProjectRecord(BaseModel):
    """A project's state after a change; ``revision`` counts the records, so each one gets
    its own idempotency key."""

    round_id: str
    project_id: int
    revision: int
    approved_cost: int
    status: Literal["in_progress", "done", "cancelled"]
    summary: str = ""
    spent: int = 0
    owner: str = ""
    progress: int = 0
    overdue: bool = False
    due_at: datetime | None = None
    cancellation_reason: str = ""
    milestones: list[Milestone] = []


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


class Notification(BaseModel):
    """A reminder, escalation or receipt to people; ``key`` names it within its workflow, so
    a retried delivery carries the same event id and the receiver can drop the copy."""

    round_id: str
    recipients: str
    subject: str
    message: str
    kind: Literal["reminder", "escalation", "receipt", "cancellation", "announcement"] = "reminder"
    key: str
    sent_at: datetime
    # The round's kommun, for the notify service's e-mail to its officials ("": it knows the
    # kommun from the round's earlier announcements). Not part of the CloudEvent.
    kommun: str = ""
