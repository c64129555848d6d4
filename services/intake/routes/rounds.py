"""Rounds: the round workflow opens intake, reads it, and closes it to freeze the proposals."""

from datetime import UTC, datetime

from fastapi import APIRouter
from sqlmodel import Session, col, func, select

from services.common.db import lock_row
from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.intake.models import (
    IntakeClosed,
    IntakeRound,
    IntakeRoundUpsert,
    Proposal,
    RoundPublic,
)

router = APIRouter(prefix="/rounds", tags=["omgångar"])


def find_round(session: Session, round_id: str, *, lock: bool = False) -> IntakeRound | None:
    """The round, optionally locked against concurrent writers until the transaction ends.

    Whatever a write then checks (is the round still open?) stays true until it commits, so
    nothing slips in after closing and exactly one write completes a round.
    """
    if lock:
        lock_row(session, IntakeRound, round_id, "closed_at")
    return session.get(IntakeRound, round_id)


def load_round(session: Session, round_id: str, *, lock: bool = False) -> IntakeRound:
    """Like :func:`find_round`, with a 404 a person can understand."""
    round_ = find_round(session, round_id, lock=lock)
    if round_ is None:
        raise Problem(404, f"Det finns ingen omgång med id '{round_id}'.", code="round-not-found")
    return round_


def round_public(session: Session, round_: IntakeRound) -> RoundPublic:
    count = session.exec(
        select(func.count()).select_from(Proposal).where(Proposal.round_id == round_.id)
    ).one()
    return RoundPublic(
        id=round_.id,
        title=round_.title,
        kommun=round_.kommun,
        status="open" if round_.closed_at is None else "closed",
        intake_closes_at=round_.intake_closes_at,
        max_proposal_cost=round_.max_proposal_cost,
        proposal_count=count,
    )


def intake_closed_problem() -> Problem:
    return Problem(
        409,
        "Omgången tar inte längre emot förslag: sista dagen har passerat eller omgången är stängd.",
        code="intake-closed",
    )


@router.put(
    "/{round_id}",
    response_model=RoundPublic,
    summary="Öppna eller ändra en omgång för förslag",
    description="Anropas av omgångens arbetsflöde. Samma anrop igen ändrar uppgifterna så länge "
    "omgången är öppen; en stängd omgång går inte att ändra (409).",
)
def upsert_round(
    round_id: RoundIdPath, body: IntakeRoundUpsert, _system: SystemDep, session: SessionDep
) -> RoundPublic:
    round_ = find_round(session, round_id, lock=True)
    if round_ is None:
        round_ = IntakeRound(id=round_id, **body.model_dump())
    elif round_.closed_at is not None:
        raise intake_closed_problem()
    else:
        round_.sqlmodel_update(body.model_dump())
    session.add(round_)
    session.commit()
    session.refresh(round_)
    return round_public(session, round_)


@router.get(
    "/{round_id}",
    response_model=RoundPublic,
    summary="Visa en omgång",
    description="Status, sista dag för förslag, kostnadstak och antal inlämnade förslag.",
)
def get_round(round_id: str, session: SessionDep) -> RoundPublic:
    return round_public(session, load_round(session, round_id))


@router.post(
    "/{round_id}/close",
    response_model=IntakeClosed,
    summary="Stäng omgången för förslag",
    description="Anropas av omgångens arbetsflöde när sista dagen passerat. Fryser förslagen och "
    "svarar med alla förslags id i id-ordning; att stänga igen ger samma svar.",
)
def close_round(round_id: str, _system: SystemDep, session: SessionDep) -> IntakeClosed:
    round_ = load_round(session, round_id, lock=True)
    if round_.closed_at is None:
        round_.closed_at = datetime.now(UTC)
        session.add(round_)
    ids = session.exec(
        select(Proposal.id).where(Proposal.round_id == round_id).order_by(col(Proposal.id))
    ).all()
    session.commit()
    proposal_ids = [proposal_id for proposal_id in ids if proposal_id is not None]
    return IntakeClosed(round_id=round_id, proposal_ids=proposal_ids, count=len(proposal_ids))
