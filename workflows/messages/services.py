"""Inputs and outputs of the service activities: the bodies and answers of docs/api.md.

Only ids, counts and results pass through here; proposal texts and ballots stay in the
services. Answers the workflow does not use are not parsed, so a service may grow its answers
without breaking a running round. The pots' messages are in ``pots``, the assessment's
progress in ``workload`` and the evaluation's in ``evaluation``.
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.common.indicators import IndicatorDefinition
from workflows.config import BallotType, EligibilityConfig
from workflows.messages.pots import AssessmentPot, IntakePot, PotBallotSpec
from workflows.messages.projects import Milestone
from workflows.messages.signals import CouncilDecision
from workflows.proposal_rules import PROPOSER_KINDS, Choice, Criterion, ProposerKind


class RoundRef(BaseModel):
    """A call whose only argument is the round (close, open, progress, tally)."""

    round_id: str


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
    # The round's currency (config); voting's open data states it.
    currency: str = "SEK"


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
    done_at: datetime | None = None


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
