"""Participation figures of a closed round: per-project totals, turnout and channel split.

Hidden while voting is open, like the result, so that no running count can sway late voters.
Turnout needs the number of people entitled to vote (``electorate`` on the ballot, from the
kommun's röstlängd); without it only the ballot count is published.
"""

from collections import Counter

from fastapi import APIRouter
from sqlmodel import Session, SQLModel, func, select

from services.common.deps import RoundIdPath, SessionDep
from services.common.errors import Problem
from services.voting.models import Ballot, BallotDefinition
from services.voting.routes import ballot_projects, get_definition

router = APIRouter(prefix="/rounds/{round_id}", tags=["resultat"])
CHANNELS = ("online", "paper")


class ProjectTotal(SQLModel):
    project_id: int
    ballots: int
    points: int | None = None
    first_choices: int | None = None


class VotingStatistics(SQLModel):
    round_id: str
    ballot_count: int
    electorate: int | None
    turnout: float | None
    channels: dict[str, int]
    projects: list[ProjectTotal]


def _channels(session: Session, round_id: str) -> dict[str, int]:
    rows = session.exec(
        select(Ballot.channel, func.count())
        .where(Ballot.round_id == round_id)
        .group_by(Ballot.channel)
    )
    return {channel: 0 for channel in CHANNELS} | dict(rows.all())


def _project_totals(session: Session, definition: BallotDefinition) -> list[ProjectTotal]:
    """Ballots naming each project, plus points (cumulative) or first places (ranked)."""
    named: Counter[int] = Counter()
    points: Counter[int] = Counter()
    first: Counter[int] = Counter()
    rows = session.exec(
        select(Ballot.choices, Ballot.points).where(Ballot.round_id == definition.round_id)
    )
    for choices, given in rows:
        named.update(choices)
        points.update(dict(zip(choices, given or [], strict=False)))
        first.update(choices[:1])
    kind = definition.ballot_type
    return [
        ProjectTotal(
            project_id=p.project_id,
            ballots=named[p.project_id],
            points=points[p.project_id] if kind == "cumulative" else None,
            first_choices=first[p.project_id] if kind == "ranked" else None,
        )
        for p in ballot_projects(session, definition.round_id)
    ]


@router.get("/statistics", response_model=VotingStatistics, summary="Visa valdeltagandet")
def statistics(round_id: RoundIdPath, session: SessionDep) -> VotingStatistics:
    definition = get_definition(session, round_id)
    if definition.status != "closed":
        raise Problem(
            409,
            "Statistiken publiceras när röstningen har stängt.",
            code="statistics-not-published",
        )
    channels = _channels(session, round_id)
    count = sum(channels.values())
    electorate = definition.electorate
    return VotingStatistics(
        round_id=round_id,
        ballot_count=count,
        electorate=electorate,
        turnout=round(count / electorate, 4) if electorate else None,
        channels=channels,
        projects=_project_totals(session, definition),
    )
