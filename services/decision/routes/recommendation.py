"""The voting result, stored as the recommendation the council decides on and published with
its certificate and per-project explanations once the workflow has counted after voting closed."""

from fastapi import APIRouter

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.decision.models.round import (
    Recommendation,
    RecommendationCreate,
    RecommendationPublic,
)
from services.decision.routes import get_round, upsert

router = APIRouter(prefix="/rounds/{round_id}/recommendation", tags=["rekommendation"])


@router.put("", response_model=RecommendationPublic, summary="Spara röstningens resultat")
def record_recommendation(
    round_id: RoundIdPath, body: RecommendationCreate, _system: SystemDep, session: SessionDep
) -> RecommendationPublic:
    get_round(session, round_id)
    if body.round_id is not None and body.round_id != round_id:
        raise Problem(
            422,
            f"Resultatet gäller omgången '{body.round_id}', inte '{round_id}'.",
            code="round-mismatch",
        )
    values = {**body.model_dump(), "round_id": round_id}
    return RecommendationPublic.model_validate(upsert(session, Recommendation, round_id, values))


@router.get("", response_model=RecommendationPublic, summary="Visa röstningens resultat")
def get_recommendation(round_id: RoundIdPath, session: SessionDep) -> RecommendationPublic:
    get_round(session, round_id)
    recommendation = session.get(Recommendation, round_id)
    if recommendation is None:
        raise Problem(
            409,
            "Resultatet publiceras när rösterna har räknats efter att röstningen stängt.",
            code="recommendation-not-published",
        )
    return RecommendationPublic.model_validate(recommendation)
