"""The round's requests to the services, built from its config and what it has learnt.

Kept apart from the workflow so the workflow reads as the sequence of phases; pure functions,
so they are deterministic in workflow code.
"""

from datetime import datetime

from workflows.config import RoundConfig
from workflows.messages import BallotApproval, EvaluationReport, RoundCounts
from workflows.service_models import (
    BallotApprovalRecord,
    BallotDefinition,
    BallotProject,
    DecisionRoundSetup,
    EvaluationRecord,
    FeasibleProject,
    IntakeRoundSetup,
    Participation,
)


def decision_setup(round_id: str, config: RoundConfig) -> DecisionRoundSetup:
    return DecisionRoundSetup(
        round_id=round_id, title=config.title, kommun=config.kommun, budget=config.budget
    )


def intake_setup(round_id: str, config: RoundConfig) -> IntakeRoundSetup:
    return IntakeRoundSetup(
        round_id=round_id,
        title=config.title,
        kommun=config.kommun,
        intake_closes_at=config.timeline.intake_closes_at,
        max_proposal_cost=config.proposal_cost_limit,
    )


def ballot_approval_record(
    round_id: str, approval: BallotApproval, approved_at: datetime
) -> BallotApprovalRecord:
    return BallotApprovalRecord(
        round_id=round_id,
        approved_by=approval.approved_by,
        comment=approval.comment,
        approved_at=approved_at,
    )


def ballot_definition(
    round_id: str, config: RoundConfig, feasible: list[FeasibleProject]
) -> BallotDefinition:
    return BallotDefinition(
        round_id=round_id,
        budget=config.budget,
        ballot_type=config.ballot.type,
        max_choices=config.ballot.max_choices,
        projects=[BallotProject(project_id=p.proposal_id, cost=p.cost) for p in feasible],
        opens_at=config.timeline.voting_opens_at,
        closes_at=config.timeline.voting_closes_at,
    )


def evaluation_record(
    round_id: str, report: EvaluationReport, counts: RoundCounts
) -> EvaluationRecord:
    return EvaluationRecord(
        round_id=round_id,
        summary=report.summary,
        submitted_by=report.submitted_by,
        participation=Participation(
            proposals=counts.proposals,
            feasible=counts.feasible,
            ballots=counts.ballots,
            projects_done=counts.projects_done,
        ),
    )
