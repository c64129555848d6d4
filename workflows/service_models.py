"""Inputs and outputs of the service activities: the bodies and answers of docs/api.md.

Only ids, counts and results pass through here; proposal texts and ballots stay in the
services. Answers the workflow does not use are not parsed, so a service may grow its answers
without breaking a running round.
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from workflows.messages import CouncilDecision


class RoundRef(BaseModel):
    """A call whose only argument is the round (close, open, progress, tally)."""

    round_id: str


class IntakeRoundSetup(BaseModel):
    round_id: str
    title: str
    kommun: str
    intake_closes_at: datetime
    max_proposal_cost: int


class IntakeClosed(BaseModel):
    round_id: str
    proposal_ids: list[int]
    count: int


class AssessmentSetup(BaseModel):
    round_id: str
    proposal_ids: list[int]
    due_at: datetime


class AssessmentProgress(BaseModel):
    round_id: str
    status: Literal["open", "closed"]
    total: int
    assessed: int
    feasible: int
    complete: bool


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


class BallotApprovalRecord(BaseModel):
    round_id: str
    approved_by: str
    comment: str
    approved_at: datetime


class BallotProject(BaseModel):
    project_id: int
    cost: int


class BallotDefinition(BaseModel):
    round_id: str
    budget: int
    ballot_type: Literal["approval"]
    max_choices: int
    projects: list[BallotProject]
    opens_at: datetime
    closes_at: datetime


class VotingClosed(BaseModel):
    round_id: str
    ballot_count: int


class ProjectResult(BaseModel):
    project_id: int
    cost: int
    votes: int
    selected: bool
    reason: str | None = None


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


class ProjectRecord(BaseModel):
    round_id: str
    project_id: int
    approved_cost: int
    status: Literal["in_progress", "done", "cancelled"]
    summary: str = ""
    spent: int = 0


class Participation(BaseModel):
    proposals: int
    feasible: int
    ballots: int
    projects_done: int


class EvaluationRecord(BaseModel):
    round_id: str
    summary: str
    submitted_by: str
    participation: Participation


class Notification(BaseModel):
    """A reminder to the people a round waits for."""

    round_id: str
    recipients: str
    subject: str
    message: str
