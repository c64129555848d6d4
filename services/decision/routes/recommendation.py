"""The voting result, stored as the recommendation the council decides on."""

from fastapi import APIRouter

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.decision.models import Recommendation, RecommendationCreate, RecommendationPublic
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
