"""Casting a ballot: one per voter and round, the last one counts.

The voter is known only by ``pseudonymize(secret, subject, round_id)``; the unique constraint on
``(round_id, voter_key)`` makes "one ballot per voter" hold even for concurrent requests.
"""

import secrets
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from services.common.auth import Principal, Role, require_roles
from services.common.deps import RoundIdPath, SessionDep, SettingsDep
from services.common.errors import Problem
from services.common.pseudonym import pseudonymize
from services.common.types import utc_now
from services.voting.models import Ballot, BallotCast, BallotDefinition, BallotReceipt
from services.voting.routes import ballot_projects, get_definition

router = APIRouter(prefix="/rounds/{round_id}", tags=["röster"])
VoterDep = Annotated[Principal, Depends(require_roles(Role.RESIDENT))]


def _require_open(definition: BallotDefinition, now: datetime) -> None:
    if definition.status == "ready":
        raise Problem(409, "Röstningen har inte öppnat än.", code="voting-not-open")
    if definition.status == "closed" or now >= definition.closes_at:
        raise Problem(
            409, "Röstningen är stängd. Rösten registrerades inte.", code="voting-not-open"
        )


def _record(session: Session, round_id: str, voter_key: str, choices: list[int]) -> BallotReceipt:
    """Insert or replace the voter's ballot in one transaction, under a share lock on the round."""
    definition = get_definition(session, round_id, lock="share")
    now = utc_now()
    _require_open(definition, now)
    if len(choices) > definition.max_choices:
        raise Problem(
            422,
            f"Du kan välja högst {definition.max_choices} förslag, du valde {len(choices)}.",
            code="too-many-choices",
        )
    known = {p.project_id for p in ballot_projects(session, round_id)}
    unknown = sorted(set(choices) - known)
    if unknown:
        listed = ", ".join(str(i) for i in unknown)
        raise Problem(422, f"Förslagen {listed} finns inte på röstsedeln.", code="unknown-project")
    ballot = session.exec(
        select(Ballot).where(Ballot.round_id == round_id, Ballot.voter_key == voter_key)
    ).first()
    replaced = ballot is not None
    receipt = secrets.token_urlsafe(16)
    if ballot is None:
        ballot = Ballot(
            round_id=round_id, voter_key=voter_key, choices=choices, receipt=receipt, cast_at=now
        )
    else:
        ballot.sqlmodel_update({"choices": choices, "receipt": receipt, "cast_at": now})
    session.add(ballot)
    session.flush()
    # SQLite takes its write lock only now: look again, so a close committed meanwhile wins.
    session.refresh(definition)
    _require_open(definition, now)
    session.commit()
    return BallotReceipt(round_id=round_id, receipt=receipt, replaced=replaced, cast_at=now)


@router.post(
    "/ballots",
    status_code=201,
    response_model=BallotReceipt,
    summary="Rösta (en ny röst ersätter den tidigare)",
    responses={200: {"model": BallotReceipt, "description": "En tidigare röst ersattes"}},
)
def cast_ballot(
    round_id: RoundIdPath,
    body: BallotCast,
    voter: VoterDep,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> BallotReceipt:
    voter_key = pseudonymize(settings.pseudonym_secret, voter.subject, round_id)
    try:
        receipt = _record(session, round_id, voter_key, body.choices)
    except IntegrityError:
        # The same voter's concurrent first ballot won the insert: this one replaces it.
        session.rollback()
        receipt = _record(session, round_id, voter_key, body.choices)
    if receipt.replaced:
        response.status_code = 200
    return receipt
