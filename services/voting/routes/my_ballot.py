"""A returning voter's own ballot: when it was cast, its choices and its receipt, so the ballot
page can say "du har röstat" and start from the vote that counts. Only the voter's own token
finds it (by the same pseudonymous key the ballot is stored under)."""

from datetime import datetime

from fastapi import APIRouter
from sqlmodel import SQLModel, select

from services.common.deps import RoundIdPath, SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.types import utc_now
from services.voting.eligibility import voter_from_token
from services.voting.models import Ballot
from services.voting.routes.ballots import VoterDep
from services.voting.settings import VotingSettings

router = APIRouter(prefix="/rounds/{round_id}", tags=["röster"])


class MyBallot(SQLModel):
    round_id: str
    choices: list[int]
    points: list[int] | None
    channel: str
    cast_at: datetime
    receipt: str


@router.get(
    "/ballots/mine",
    response_model=MyBallot,
    summary="Min röst i omgången",
    responses={404: {"description": "Du har inte röstat i omgången"}},
)
def my_ballot(
    round_id: RoundIdPath, voter: VoterDep, session: SessionDep, settings: SettingsDep
) -> MyBallot:
    assert isinstance(settings, VotingSettings)
    none = Problem(404, "Du har inte röstat i omgången.", code="no-ballot")
    try:
        key = voter_from_token(voter, utc_now().date()).key(settings.pseudonym_secret, round_id)
    except Problem as cannot_vote:  # a sign-in that names no voter has cast no ballot
        raise none from cannot_vote
    ballot = session.exec(
        select(Ballot).where(Ballot.round_id == round_id, Ballot.voter_key == key)
    ).first()
    if ballot is None:
        raise none
    return MyBallot(
        round_id=round_id,
        choices=list(ballot.choices),
        points=list(ballot.points) if ballot.points is not None else None,
        channel=str(ballot.channel),
        cast_at=ballot.cast_at,
        receipt=ballot.receipt,
    )
