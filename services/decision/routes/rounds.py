"""The round as the decision service knows it, with everything recorded about it."""

from typing import TypeVar

from fastapi import APIRouter
from sqlmodel import Session, SQLModel

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.decision.models.evaluation import Evaluation
from services.decision.models.mandate import Mandate, MandatePublic
from services.decision.models.round import (
    BallotApproval,
    BallotApprovalPublic,
    CouncilDecision,
    CouncilDecisionPublic,
    DecisionRound,
    DecisionRoundCreate,
    DecisionRoundPublic,
    Recommendation,
    RecommendationPublic,
)
from services.decision.routes import get_round, upsert
from services.decision.routes.evaluation import evaluation_public
from services.decision.routes.indicators import round_indicators
from services.decision.routes.projects import round_projects

router = APIRouter(prefix="/rounds/{round_id}", tags=["omgång"])
Public = TypeVar("Public", bound=SQLModel)


def _public(model: type[Public], row: SQLModel | None) -> Public | None:
    return None if row is None else model.model_validate(row)


def round_public(session: Session, decision_round: DecisionRound) -> DecisionRoundPublic:
    round_id = decision_round.round_id
    evaluation = session.get(Evaluation, round_id)
    return DecisionRoundPublic(
        round_id=round_id,
        title=decision_round.title,
        kommun=decision_round.kommun,
        budget=decision_round.budget,
        indicators=round_indicators(decision_round),
        ballot_approval=_public(BallotApprovalPublic, session.get(BallotApproval, round_id)),
        recommendation=_public(RecommendationPublic, session.get(Recommendation, round_id)),
        council_decision=_public(CouncilDecisionPublic, session.get(CouncilDecision, round_id)),
        evaluation=evaluation_public(session, evaluation) if evaluation is not None else None,
        projects=round_projects(session, round_id),
        mandate=_public(MandatePublic, session.get(Mandate, round_id)),
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
