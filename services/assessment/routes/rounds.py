"""Rounds: the workflow registers the proposals to assess, follows progress, and closes."""

from datetime import UTC, datetime

from fastapi import APIRouter
from sqlmodel import col, select

from services.assessment.models import (
    Assessment,
    AssessmentOutcome,
    AssessmentRound,
    AssessmentRoundUpsert,
    Progress,
    ProposalToAssess,
)
from services.assessment.progress import (
    find_round,
    load_round,
    outcome,
    progress,
    unassessed_ids,
)
from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem

router = APIRouter(prefix="/rounds", tags=["omgångar"])


def assessment_closed_problem() -> Problem:
    return Problem(
        409,
        "Bedömningen i den här omgången är avslutad och kan inte ändras.",
        code="assessment-closed",
    )


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)


@router.put(
    "/{round_id}",
    response_model=Progress,
    summary="Registrera förslagen som ska bedömas",
    description="Anropas av omgångens arbetsflöde med förslagen från förslagsinsamlingen. "
    "Samma anrop igen är ofarligt. Ett nytt anrop medan bedömningen pågår ersätter listan, men "
    "ett förslag som redan bedömts kan inte tas bort (409 `assessed-proposal-removed`). En "
    "avslutad bedömning kan inte ändras (409 `assessment-closed`).",
)
def register_proposals(
    round_id: RoundIdPath, body: AssessmentRoundUpsert, _system: SystemDep, session: SessionDep
) -> Progress:
    round_ = find_round(session, round_id, lock=True)
    if round_ is None:
        round_ = AssessmentRound(id=round_id, due_at=body.due_at)
    elif round_.closed_at is not None:
        raise assessment_closed_problem()
    else:
        round_.due_at = body.due_at
    session.add(round_)
    registered = {
        p.proposal_id: p
        for p in session.exec(
            select(ProposalToAssess).where(ProposalToAssess.round_id == round_id)
        ).all()
    }
    removed = sorted(set(registered) - set(body.proposal_ids))
    if removed:
        assessed_removed = session.exec(
            select(Assessment.proposal_id)
            .where(Assessment.round_id == round_id)
            .where(col(Assessment.proposal_id).in_(removed))
            .order_by(col(Assessment.proposal_id))
        ).all()
        if assessed_removed:
            raise Problem(
                409,
                f"Förslag {_ids(list(assessed_removed))} är redan bedömda och kan inte tas bort "
                "ur omgången.",
                code="assessed-proposal-removed",
            )
        for proposal_id in removed:
            session.delete(registered[proposal_id])
    session.add_all(
        ProposalToAssess(round_id=round_id, proposal_id=proposal_id)
        for proposal_id in body.proposal_ids
        if proposal_id not in registered
    )
    session.commit()
    return progress(session, round_)


@router.get(
    "/{round_id}/progress",
    response_model=Progress,
    summary="Visa hur långt bedömningen kommit",
)
def get_progress(round_id: str, session: SessionDep) -> Progress:
    return progress(session, load_round(session, round_id))


@router.post(
    "/{round_id}/close",
    response_model=AssessmentOutcome,
    summary="Avsluta bedömningen",
    description="Anropas av omgångens arbetsflöde. Går bara när alla förslag är bedömda (annars "
    "409 `assessment-incomplete`). Svarar med de genomförbara förslagen och deras kostnad, i "
    "id-ordning; att avsluta igen ger samma svar.",
)
def close_round(round_id: str, _system: SystemDep, session: SessionDep) -> AssessmentOutcome:
    round_ = load_round(session, round_id, lock=True)
    if round_.closed_at is None:
        missing = unassessed_ids(session, round_id)
        if missing:
            shown = _ids(missing[:20]) + (" …" if len(missing) > 20 else "")
            raise Problem(
                409,
                f"{len(missing)} förslag saknar bedömning ({shown}). Bedöm dem innan "
                "bedömningen avslutas.",
                code="assessment-incomplete",
                extra={"missing_proposal_ids": missing},
            )
        round_.closed_at = datetime.now(UTC)
        session.add(round_)
        session.commit()
    return outcome(session, round_id)
