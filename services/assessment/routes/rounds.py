"""Rounds: the workflow registers the proposals to assess, follows progress, and closes; anyone
may see the progress and the ballot candidates."""

from fastapi import APIRouter
from sqlalchemy import delete, or_
from sqlmodel import Session, col, select

from services.assessment.access import assessment_closed_problem, listed
from services.assessment.models import (
    Assessment,
    AssessmentRound,
    Assignment,
    ConflictOfInterest,
    ProposalToAssess,
)
from services.assessment.progress import outcome, progress, unassessed_ids
from services.assessment.schemas import (
    AssessmentOutcome,
    AssessmentRoundUpsert,
    BallotCandidates,
    Progress,
)
from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.common.rounds import find_round, load_round
from services.common.types import utc_now

router = APIRouter(prefix="/rounds", tags=["omgångar"])
MAX_IDS_SHOWN = 20


def _remove_proposals(session: Session, round_id: str, removed: list[int]) -> None:
    """Unassessed proposals leave the round with their assignments and jäv declarations; an
    assessed proposal, or one another was merged into, stays."""
    kept = session.exec(
        select(Assessment.proposal_id, Assessment.merged_into)
        .where(Assessment.round_id == round_id)
        .where(
            or_(
                col(Assessment.proposal_id).in_(removed),
                col(Assessment.merged_into).in_(removed),
            )
        )
    ).all()
    blocked = sorted({i for pair in kept for i in pair if i in removed})
    if blocked:
        raise Problem(
            409,
            f"Förslag {listed(blocked)} är redan bedömda och kan inte tas bort ur omgången.",
            code="assessed-proposal-removed",
        )
    for model in (Assignment, ConflictOfInterest, ProposalToAssess):
        session.execute(
            delete(model).where(
                col(model.round_id) == round_id, col(model.proposal_id).in_(removed)
            )
        )


@router.put(
    "/{round_id}",
    response_model=Progress,
    summary="Registrera förslagen som ska bedömas",
    description="Anropas av omgångens arbetsflöde med förslagen från förslagsinsamlingen och "
    "omgångens kriterier. Samma anrop igen är ofarligt. Ett nytt anrop medan bedömningen pågår "
    "ersätter listan, men ett förslag som redan bedömts (eller som ett annat slagits ihop med) "
    "kan inte tas bort (409 `assessed-proposal-removed`). En avslutad bedömning kan inte ändras "
    "(409 `assessment-closed`).",
)
def register_proposals(
    round_id: RoundIdPath, body: AssessmentRoundUpsert, _system: SystemDep, session: SessionDep
) -> Progress:
    round_ = find_round(session, AssessmentRound, round_id, lock=True)
    criteria = [criterion.model_dump() for criterion in body.criteria]
    cap = body.max_proposal_cost
    pots = [pot.model_dump() for pot in body.pots]
    if round_ is None:
        round_ = AssessmentRound(
            id=round_id,
            kommun=body.kommun,
            due_at=body.due_at,
            criteria=criteria,
            max_proposal_cost=cap,
            pots=pots,
        )
        session.add(round_)
        session.flush()
    elif round_.closed_at is not None:
        raise assessment_closed_problem()
    else:
        round_.kommun, round_.due_at, round_.criteria = body.kommun, body.due_at, criteria
        round_.max_proposal_cost, round_.pots = cap, pots
        session.add(round_)
    registered = {
        row.proposal_id: row
        for row in session.exec(
            select(ProposalToAssess).where(ProposalToAssess.round_id == round_id)
        ).all()
    }
    removed = sorted(registered.keys() - set(body.proposal_ids))
    if removed:
        _remove_proposals(session, round_id, removed)
    pot_of = {entry.proposal_id: entry.pot for entry in body.proposal_pots}
    for proposal_id in body.proposal_ids:
        row = registered.get(proposal_id)
        if row is None:
            session.add(
                ProposalToAssess(
                    round_id=round_id, proposal_id=proposal_id, pot=pot_of.get(proposal_id)
                )
            )
        elif row.pot != pot_of.get(proposal_id):
            row.pot = pot_of.get(proposal_id)
            session.add(row)
    session.commit()
    return progress(session, round_, utc_now())


@router.get(
    "/{round_id}/progress",
    response_model=Progress,
    summary="Visa hur långt bedömningen kommit",
    description="Bedömda av totalt, hur många som är försenade efter sista dag, vilka förslag "
    "som saknar bedömare och hur många obedömda förslag varje bedömare har kvar.",
)
def get_progress(round_id: str, session: SessionDep) -> Progress:
    return progress(session, load_round(session, AssessmentRound, round_id), utc_now())


@router.get(
    "/{round_id}/ballot-candidates",
    response_model=BallotCandidates,
    summary="Visa förslagen som kan komma med på röstsedeln",
    description="De genomförbara förslagen med bedömd kostnad, i id-ordning. Medan bedömningen "
    "pågår kan listan ändras (`final` är falskt).",
)
def ballot_candidates(round_id: str, session: SessionDep) -> BallotCandidates:
    round_ = load_round(session, AssessmentRound, round_id)
    current = outcome(session, round_id)
    return BallotCandidates(**current.model_dump(), final=round_.closed_at is not None)


@router.post(
    "/{round_id}/close",
    response_model=AssessmentOutcome,
    summary="Avsluta bedömningen",
    description="Anropas av omgångens arbetsflöde. Går bara när alla förslag är bedömda (annars "
    "409 `assessment-incomplete`). Svarar med de genomförbara förslagen och deras kostnad, i "
    "id-ordning; att avsluta igen ger samma svar.",
)
def close_round(round_id: str, _system: SystemDep, session: SessionDep) -> AssessmentOutcome:
    round_ = load_round(session, AssessmentRound, round_id, lock=True)
    if round_.closed_at is None:
        missing = unassessed_ids(session, round_id)
        if missing:
            shown = listed(missing[:MAX_IDS_SHOWN]) + (" …" if len(missing) > MAX_IDS_SHOWN else "")
            raise Problem(
                409,
                f"{len(missing)} förslag saknar bedömning ({shown}). Bedöm dem innan "
                "bedömningen avslutas.",
                code="assessment-incomplete",
                extra={"missing_proposal_ids": missing},
            )
        round_.closed_at = utc_now()
        session.add(round_)
        session.commit()
    return outcome(session, round_id)
