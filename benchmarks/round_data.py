"""What the simulated people of benchmarks/rounds.py write straight into the services' databases:
for every round that has reached the step, one proposal, its assessment, one ballot."""

from datetime import UTC, datetime

from sqlalchemy import Table, insert, select
from sqlalchemy.engine import Engine

from services.assessment.models import Assessment, ProposalToAssess
from services.intake.models import IntakeRound, Proposal
from services.voting.models import Ballot, BallotDefinition, BallotProject

COST = 50_000
INTAKE_ROUNDS: Table = IntakeRound.__table__  # type: ignore[attr-defined]
PROPOSALS: Table = Proposal.__table__  # type: ignore[attr-defined]
REGISTERED: Table = ProposalToAssess.__table__  # type: ignore[attr-defined]
ASSESSMENTS: Table = Assessment.__table__  # type: ignore[attr-defined]
DEFINITIONS: Table = BallotDefinition.__table__  # type: ignore[attr-defined]
PROJECTS: Table = BallotProject.__table__  # type: ignore[attr-defined]
BALLOTS: Table = Ballot.__table__  # type: ignore[attr-defined]


def insert_proposals(engine: Engine) -> list[str]:
    """One proposal in every round whose intake is open and empty; round ``bench-<run>-<i>``
    gets proposal id ``i + 1``."""
    rounds, proposals = INTAKE_ROUNDS, PROPOSALS
    now = datetime.now(UTC)
    with engine.begin() as connection:
        empty = select(rounds.c.id).where(
            rounds.c.id.not_in(select(proposals.c.round_id)), rounds.c.closed_at.is_(None)
        )
        round_ids = [row[0] for row in connection.execute(empty)]
        rows = [
            {
                "id": int(round_id.rsplit("-", 1)[1]) + 1,
                "round_id": round_id,
                "title": "Bänkar på torget",
                "description": "Fler bänkar så att besökarna stannar längre.",
                "location": "Torget",
                "cost_estimate": COST,
                "local_business_benefit": "",
                "publish_name": False,
                "proposer_kind": "resident",
                "proposer_key": "p" * 64,
                "owner_key": "o" * 64,
                "channel": "web",
                "search_text": "bänkar på torget",
                "created_at": now,
                "updated_at": now,
                "sent_to_assessment": False,
            }
            for round_id in round_ids
        ]
        if rows:
            connection.execute(insert(proposals), rows)
    return round_ids


def insert_assessments(engine: Engine) -> list[str]:
    """Every registered, unassessed proposal assessed feasible; the rounds concerned."""
    registered, verdicts = REGISTERED, ASSESSMENTS
    now = datetime.now(UTC)
    with engine.begin() as connection:
        assessed = select(verdicts.c.proposal_id).where(
            verdicts.c.round_id == registered.c.round_id
        )
        pending = select(registered.c.round_id, registered.c.proposal_id).where(
            registered.c.proposal_id.not_in(assessed)
        )
        rows = [
            {
                "round_id": round_id,
                "proposal_id": proposal_id,
                "feasible": True,
                "cost": COST,
                "cost_items": [],
                "criteria": [],
                "public_reason": "",
                "assessed_by": "Bedömare",
                "assessed_by_key": "a" * 64,
                "assessed_at": now,
            }
            for round_id, proposal_id in connection.execute(pending)
        ]
        if rows:
            connection.execute(insert(verdicts), rows)
    return sorted({row["round_id"] for row in rows})


def insert_ballots(engine: Engine) -> int:
    """One ballot for the round's project in every open round without ballots."""
    definitions, projects, ballots = DEFINITIONS, PROJECTS, BALLOTS
    now = datetime.now(UTC)
    with engine.begin() as connection:
        open_empty = (
            select(projects.c.round_id, projects.c.project_id)
            .join(definitions, definitions.c.round_id == projects.c.round_id)
            .where(
                definitions.c.status == "open",
                projects.c.round_id.not_in(select(ballots.c.round_id)),
            )
        )
        rows = [
            {
                "round_id": round_id,
                "voter_key": "v" * 64,
                "choices": [project_id],
                "points": None,
                "channel": "online",
                "receipt": f"{round_id}-kvitto",
                "revision": 1,
                "cast_at": now,
            }
            for round_id, project_id in connection.execute(open_empty)
        ]
        if rows:
            connection.execute(insert(ballots), rows)
    return len(rows)
