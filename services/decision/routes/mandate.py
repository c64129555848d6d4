"""The mandate as the workflow records it; shown with the round (``GET /rounds/{id}``)."""

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.common.errors import Problem
from services.common.signals import Updater
from services.decision.models.mandate import (
    Mandate,
    MandateCreate,
    MandateDecisionIn,
    MandatePublic,
)
from services.decision.models.round import DecisionRound
from services.decision.routes import (
    SecretaryDep,
    bearer_token,
    display_name,
    get_round,
    release,
    upsert,
)

router = APIRouter(prefix="/rounds/{round_id}/mandate", tags=["mandat"])


def _check_budget(decision_round: DecisionRound, budget: int) -> None:
    if budget != decision_round.budget:
        raise Problem(
            409,
            f"Beslutets budget ({budget} kr) skiljer sig från omgångens budget "
            f"({decision_round.budget} kr).",
            code="mandate-budget-differs",
        )


@router.put("", response_model=MandatePublic, summary="Registrera beslutet om omgången")
def record_mandate(
    round_id: RoundIdPath, body: MandateCreate, _system: SystemDep, session: SessionDep
) -> MandatePublic:
    """409 when the decided budget differs from the round's: the workflow checked it, so a
    difference means the round was registered with another budget since."""
    _check_budget(get_round(session, round_id), body.decision.budget)
    values = {
        **body.decision.model_dump(),
        "recorded_by": body.recorded_by,
        "recorded_at": body.recorded_at,
        "round_id": round_id,
    }
    return MandatePublic.model_validate(upsert(session, Mandate, round_id, values))


@router.post(
    "",
    summary="För in beslutet om omgången",
    description="Nämndens sekreterare för in beslutet när omgångens konfiguration säger att det "
    "väntas. Budgeten kontrolleras här; omgången prövar beslutet (update `record_mandate`) och "
    "svarar med det registrerade beslutet, eller 422 med skälet.",
)
async def enter_mandate(
    round_id: RoundIdPath,
    body: MandateDecisionIn,
    secretary: SecretaryDep,
    session: SessionDep,
    request: Request,
) -> Any:
    _check_budget(await run_in_threadpool(get_round, session, round_id), body.budget)
    payload = {
        **body.model_dump(mode="json"),
        "recorded_by": display_name(secretary),
        "token": bearer_token(request),
    }
    # The update waits for the workflow, which records the decision here through an activity:
    # the request keeps no connection (nor transaction) meanwhile.
    await release(session)
    updater: Updater = request.app.state.signaler
    return await updater.update(round_id, "record_mandate", payload)
