"""The round as the decision service knows it, with everything recorded about it."""

from typing import TypeVar

from fastapi import APIRouter
from sqlmodel import Session, SQLModel, select

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.decision.models import (
    BallotApproval,
    BallotApprovalPublic,
    CouncilDecision,
    CouncilDecisionPublic,
    DecisionRound,
    DecisionRoundCreate,
    DecisionRoundPublic,
    Evaluation,
    EvaluationPublic,
    ImplementationProject,
    ProjectPublic,
    Recommendation,
    RecommendationPublic,
)
from services.decision.routes import get_round, upsert

router = APIRouter(prefix="/rounds/{round_id}", tags=["omgång"])
Public = TypeVar("Public", bound=SQLModel)


def _public(model: type[Public], row: SQLModel | None) -> Public | None:
    return None if row is None else model.model_validate(row)


def round_public(session: Session, decision_round: DecisionRound) -> DecisionRoundPublic:
    round_id = decision_round.round_id
    approval = session.get(BallotApproval, round_id)
    recommendation = session.get(Recommendation, round_id)
    decision = session.get(CouncilDecision, round_id)
    evaluation = session.get(Evaluation, round_id)
    projects = session.exec(
        select(ImplementationProject)
        .where(ImplementationProject.round_id == round_id)
        .order_by(ImplementationProject.project_id)  # type: ignore[arg-type]
    )
    return DecisionRoundPublic(
        round_id=round_id,
        title=decision_round.title,
        kommun=decision_round.kommun,
        budget=decision_round.budget,
        ballot_approval=_public(BallotApprovalPublic, approval),
        recommendation=_public(RecommendationPublic, recommendation),
        council_decision=_public(CouncilDecisionPublic, decision),
        evaluation=_public(EvaluationPublic, evaluation),
        projects=[ProjectPublic.model_validate(p) for p in projects],
    )


@router.put("", response_model=DecisionRoundPublic, summary="Registrera omgången")
def put_round(
    round_id: RoundIdPath, body: DecisionRoundCreate, _system: SystemDep, session: SessionDep
) -> DecisionRoundPublic:
    values = {**body.model_dump(), "round_id": round_id}
    decision_round = upsert(session, DecisionRound, round_id, values, stamp="updated_at")
    return round_public(session, decision_round)


@router.get("", response_model=DecisionRoundPublic, summary="Visa omgångens beslut")
def get_decision_round(round_id: RoundIdPath, session: SessionDep) -> DecisionRoundPublic:
    return round_public(session, get_round(session, round_id))
