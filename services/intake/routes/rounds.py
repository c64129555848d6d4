"""Rounds: the round workflow opens intake, reads it, and closes it to freeze the proposals."""

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import update
from sqlmodel import col, func, select

from services.common.auth import same_kommun
from services.common.deps import PageDep, RoundIdPath, SessionDep, SystemDep
from services.common.pages import PageOf
from services.common.rounds import find_round, load_round
from services.common.types import utc_now
from services.intake.models import IntakeRound, Proposal
from services.intake.round_state import intake_closed_problem, round_public
from services.intake.schemas import IntakeClosed, IntakeRoundUpsert, RoundPublic

router = APIRouter(prefix="/rounds", tags=["omgångar"])


@router.put(
    "/{round_id}",
    response_model=RoundPublic,
    summary="Öppna eller ändra en omgång för förslag",
    description="Anropas av omgångens arbetsflöde med omgångens kriterier, kategorier, områden "
    "och vilka som får lämna förslag. Samma anrop igen ändrar uppgifterna så länge omgången är "
    "öppen; en stängd omgång går inte att ändra (409).",
)
def upsert_round(
    round_id: RoundIdPath, body: IntakeRoundUpsert, _system: SystemDep, session: SessionDep
) -> RoundPublic:
    round_ = find_round(session, IntakeRound, round_id, lock=True)
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
    "",
    response_model=PageOf[RoundPublic],
    summary="En kommuns omgångar",
    description="Omgångarna i kommunen (namnet som inloggningen skriver det; skiftläge och "
    "mellanslag spelar ingen roll), den med senast sista dag för förslag först.",
)
def list_rounds(
    session: SessionDep,
    page: PageDep,
    kommun: Annotated[str, Query(min_length=1, max_length=100, description="Kommunens namn")],
) -> PageOf[RoundPublic]:
    every = session.exec(
        select(IntakeRound.id, IntakeRound.kommun).order_by(
            col(IntakeRound.intake_closes_at).desc(), col(IntakeRound.id)
        )
    ).all()
    ids = [round_id for round_id, named in every if same_kommun(named, kommun)]
    shown = ids[page.offset : page.offset + page.limit]
    rounds = [load_round(session, IntakeRound, round_id) for round_id in shown]
    return PageOf.of([round_public(session, r) for r in rounds], len(ids), page)


@router.get(
    "/{round_id}",
    response_model=RoundPublic,
    summary="Visa en omgång",
    description="Status, sista dag, kostnadstak, kriterier, kategorier, områden, vilka som får "
    "lämna förslag och antal inlämnade förslag.",
)
def get_round(round_id: str, session: SessionDep) -> RoundPublic:
    return round_public(session, load_round(session, IntakeRound, round_id))


@router.post(
    "/{round_id}/close",
    response_model=IntakeClosed,
    summary="Stäng omgången för förslag",
    description="Anropas av omgångens arbetsflöde när sista dagen passerat. Fryser förslagen och "
    "svarar med id för dem som går vidare till bedömning, i id-ordning: återtagna förslag och "
    "förslag som är dolda när omgången stängs är inte med (de räknas i `withdrawn_count` och "
    "`hidden_count`). Att stänga igen ger samma svar.",
)
def close_round(round_id: str, _system: SystemDep, session: SessionDep) -> IntakeClosed:
    round_ = load_round(session, IntakeRound, round_id, lock=True)
    if round_.closed_at is None:
        round_.closed_at = utc_now()
        session.add(round_)
        session.execute(
            update(Proposal)
            .where(
                col(Proposal.round_id) == round_id,
                col(Proposal.withdrawn_at).is_(None),
                col(Proposal.hidden_at).is_(None),
            )
            .values(sent_to_assessment=True)
        )
    ids = session.exec(
        select(Proposal.id)
        .where(Proposal.round_id == round_id, col(Proposal.sent_to_assessment))
        .order_by(col(Proposal.id))
    ).all()
    withdrawn, left_out = session.exec(
        select(func.count(col(Proposal.withdrawn_at)), func.count())
        .select_from(Proposal)
        .where(Proposal.round_id == round_id, ~col(Proposal.sent_to_assessment))
    ).one()
    session.commit()
    proposal_ids = [proposal_id for proposal_id in ids if proposal_id is not None]
    return IntakeClosed(
        round_id=round_id,
        proposal_ids=proposal_ids,
        count=len(proposal_ids),
        withdrawn_count=withdrawn,
        hidden_count=left_out - withdrawn,
    )
