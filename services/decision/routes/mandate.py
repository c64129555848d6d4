"""The mandate as the workflow records it; shown with the round (``GET /rounds/{id}``)."""

from fastapi import APIRouter

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.decision.models.mandate import Mandate, MandateCreate, MandatePublic
from services.decision.routes import get_round, upsert

router = APIRouter(prefix="/rounds/{round_id}/mandate", tags=["mandat"])


@router.put("", response_model=MandatePublic, summary="Registrera beslutet om omgången")
def record_mandate(
    round_id: RoundIdPath, body: MandateCreate, _system: SystemDep, session: SessionDep
) -> MandatePublic:
    """409 when the decided budget differs from the round's: the workflow checked it, so a
    difference means the round was registered with another budget since."""
    decision_round = get_round(session, round_id)
    if body.decision.budget != decision_round.budget:
        raise Problem(
            409,
            f"Beslutets budget ({body.decision.budget} kr) skiljer sig från omgångens budget "
            f"({decision_round.budget} kr).",
            code="mandate-budget-differs",
        )
    values = {
        **body.decision.model_dump(),
        "recorded_by": body.recorded_by,
        "recorded_at": body.recorded_at,
        "round_id": round_id,
    }
    return MandatePublic.model_validate(upsert(session, Mandate, round_id, values))
