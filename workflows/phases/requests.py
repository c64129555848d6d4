"""The round's requests to the services, built from its config and what it has learnt.

Kept apart from the workflow so the workflow reads as the sequence of phases; pure functions,
so they are deterministic in workflow code.
"""

from datetime import datetime

from workflows.config import RoundConfig
from workflows.messages.evaluation import Breakdown, Participation, ProposalFigures, VoterFigures
from workflows.messages.round import RoundCounts
from workflows.messages.services import (
    AssessmentCriterion,
    AssessmentSetup,
    BallotApprovalRecord,
    BallotDefinition,
    BallotProject,
    DecisionRoundSetup,
    FeasibleProject,
    IntakeRoundSetup,
)
from workflows.messages.signals import BallotApproval


def decision_setup(
    round_id: str, config: RoundConfig, *, with_indicators: bool = False
) -> DecisionRoundSetup:
    return DecisionRoundSetup(
        round_id=round_id,
        title=config.title,
        kommun=config.kommun,
        budget=config.budget,
        indicators=config.follow_up.indicators if with_indicators else [],
    )


def intake_setup(round_id: str, config: RoundConfig) -> IntakeRoundSetup:
    return IntakeRoundSetup(
        round_id=round_id,
        title=config.title,
        kommun=config.kommun,
        intake_closes_at=config.timeline.intake_closes_at,
        max_proposal_cost=config.proposal_cost_limit,
        criteria=config.criteria,
        categories=config.intake.categories,
        areas=config.intake.areas,
        proposer_kinds=config.intake.proposer_kinds,
    )


def assessment_setup(
    round_id: str, config: RoundConfig, proposal_ids: list[int]
) -> AssessmentSetup:
    criteria = [AssessmentCriterion(id=c.id, text=c.text) for c in config.criteria]
    return AssessmentSetup(
        round_id=round_id,
        kommun=config.kommun,
        proposal_ids=proposal_ids,
        due_at=config.timeline.assessment_due_at,
        criteria=criteria,
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
    ballot = config.ballot
    on_ballot = {p.proposal_id for p in feasible}
    return BallotDefinition(
        round_id=round_id,
        kommun=config.kommun,
        budget=config.budget,
        ballot_type=ballot.type,
        rule=config.counting_rule,
        min_project_score_threshold=config.min_project_score_threshold,
        # A pair with a project that did not reach the ballot cannot both be funded anyway.
        exclusive_pairs=[
            [first, second]
            for first, second in config.exclusive_pairs
            if first in on_ballot and second in on_ballot
        ],
        max_choices=ballot.max_choices,
        min_spend_percent=ballot.min_spend_percent,
        total_points=ballot.total_points,
        max_points_per_project=ballot.max_points_per_project,
        electorate=config.follow_up.eligible_voters,
        eligibility=ballot.eligibility,
        projects=[BallotProject(project_id=p.proposal_id, cost=p.cost) for p in feasible],
        opens_at=config.timeline.voting_opens_at,
        closes_at=config.timeline.voting_closes_at,
        currency=config.currency,
    )


def participation(
    counts: RoundCounts,
    proposals: ProposalFigures,
    eligible_voters: int | None,
    voters: VoterFigures | None = None,
    *,
    with_kinds: bool = False,
) -> Participation:
    """The round's participation figures. Without ``voters`` (rounds that opened their
    evaluation before voting published them) the voter fields stay ``None``: unknown, not
    zero."""
    figures = Participation(
        proposals=counts.proposals,
        feasible=counts.feasible,
        ballots=counts.ballots,
        projects_done=counts.projects_done,
        projects_cancelled=counts.projects_cancelled,
        eligible_voters=eligible_voters,
        proposals_per_day=proposals.per_day,
        by_area=Breakdown(proposals=proposals.by_area),
        by_channel=Breakdown(proposals=proposals.by_channel),
    )
    if proposals.by_proposer_area is not None:
        # Where the proposers live, as voters' areas are where they live (not where the
        # proposal is); and their age bands. Rounds evaluated before intake kept them: the
        # proposals' own areas, no age bands.
        figures.by_area.proposals = proposals.by_proposer_area
        figures.by_age_band.proposals = proposals.by_proposer_age_band
    if with_kinds:
        figures.by_kind = Breakdown(proposals=proposals.by_kind)
    if voters is not None:
        if voters.people is not None:
            # Turnout is of people: who voted in two pots counts once (a round without pots
            # has one ballot per person, the same figure).
            figures.ballots = voters.people
        figures.ballots_per_day = voters.per_day
        figures.by_area.voters = voters.by_area
        figures.by_age_band.voters = voters.by_age_band
        figures.by_channel.voters = voters.by_channel
        if with_kinds:
            figures.by_kind.voters = voters.by_kind
        figures.min_cell = voters.min_cell
    return figures
