"""Participation figures of a closed round: per-project totals, turnout, and the voters by
area, age band, channel and day.

Hidden while voting is open, like the result, so that no running count can sway late voters.
Turnout needs the number of people entitled to vote (``electorate`` on the ballot, from the
kommun's röstlängd); without it only the ballot count is published. Groups of voters are shown
with small-cell suppression (``services.voting.participation``): a small group is ``null``.
"""

from collections import Counter

from fastapi import APIRouter, Request
from sqlmodel import Session, SQLModel, col, select

from services.common.deps import RoundIdPath, SessionDep
from services.common.errors import Problem
from services.common.small_cells import GroupCounts, suppress_small_cells
from services.voting import participation
from services.voting.models import Ballot, BallotDefinition, Eligibility
from services.voting.pot_ballots import pot_keys, summaries
from services.voting.routes import ballot_projects, get_definition
from services.voting.settings import VotingSettings

router = APIRouter(prefix="/rounds/{round_id}", tags=["resultat"])


class ProjectTotal(SQLModel):
    project_id: int
    ballots: int
    points: int | None = None
    first_choices: int | None = None


class PotBallots(SQLModel):
    pot: str
    ballot_count: int


class VotingStatistics(SQLModel):
    """``voter_count`` counts people: in a round with pots someone who voted in two pots is one
    voter with two ballots, and the round's ``turnout`` is of voters; each pot's figure in
    ``pots`` stays its ballots (one per person in the pot)."""

    round_id: str
    ballot_count: int
    voter_count: int | None = None
    electorate: int | None
    turnout: float | None
    pots: list[PotBallots] | None = None
    channels: dict[str, int | None]
    min_cell: int
    by_area: GroupCounts
    by_age_band: GroupCounts
    by_channel: GroupCounts
    by_kind: GroupCounts | None = None
    ballots_per_day: dict[str, int]
    projects: list[ProjectTotal]


def _project_totals(session: Session, definition: BallotDefinition) -> list[ProjectTotal]:
    """Ballots naming each project, plus points (cumulative) or first places (ranked)."""
    named: Counter[int] = Counter()
    points: Counter[int] = Counter()
    first: Counter[int] = Counter()
    keys = [definition.round_id, *pot_keys(definition)]
    rows = session.exec(select(Ballot.choices, Ballot.points).where(col(Ballot.round_id).in_(keys)))
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
def statistics(round_id: RoundIdPath, session: SessionDep, request: Request) -> VotingStatistics:
    definition = get_definition(session, round_id)
    if definition.status != "closed":
        raise Problem(
            409,
            "Statistiken publiceras när röstningen har stängt.",
            code="statistics-not-published",
        )
    settings: VotingSettings = request.app.state.settings
    min_cell = settings.statistics_min_cell
    # A round with pots: every pot's ballots (a person voting in two pots casts two).
    round_id_or_keys = [round_id, *pot_keys(definition)]
    channels = participation.channels(session, round_id_or_keys)
    count = sum(channels.values())
    by_channel = suppress_small_cells(channels, min_cell)
    known_areas = Eligibility.model_validate(definition.eligibility).areas
    electorate = definition.electorate
    # The people who voted: with pots as counted at closing, else one ballot per person.
    voters = definition.voter_count if definition.pots else count
    pots = None
    if definition.pots:
        pots = [
            PotBallots(pot=s.pot, ballot_count=s.ballot_count)
            for s in summaries(session, definition)
        ]
    return VotingStatistics(
        round_id=round_id,
        ballot_count=count,
        voter_count=voters,
        electorate=electorate,
        turnout=round(voters / electorate, 4) if electorate and voters is not None else None,
        pots=pots,
        channels=by_channel.counts,
        min_cell=min_cell,
        by_area=suppress_small_cells(
            participation.areas(session, round_id_or_keys, known_areas), min_cell
        ),
        by_age_band=suppress_small_cells(
            participation.age_bands(session, round_id_or_keys), min_cell
        ),
        by_channel=by_channel,
        by_kind=suppress_small_cells(
            participation.voter_kinds(session, round_id_or_keys), min_cell
        ),
        ballots_per_day=participation.ballots_per_day(session, round_id_or_keys),
        projects=_project_totals(session, definition),
    )
