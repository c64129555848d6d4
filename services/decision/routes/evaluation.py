"""The round's evaluation: submitted by an official, recorded with participation figures."""

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.decision.models import (
    Evaluation,
    EvaluationPublic,
    EvaluationRecord,
    EvaluationRequest,
    SignalAccepted,
)
from services.decision.routes import (
    OfficialDep,
    display_name,
    get_round,
    send_signal,
    upsert,
)

router = APIRouter(prefix="/rounds/{round_id}/evaluation", tags=["utvärdering"])


@router.post("", status_code=202, response_model=SignalAccepted, summary="Lämna utvärderingen")
async def submit_evaluation(
    round_id: RoundIdPath,
    body: EvaluationRequest,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> SignalAccepted:
    await run_in_threadpool(get_round, session, round_id)
    payload = {"summary": body.summary, "submitted_by": display_name(official)}
    return await send_signal(request, round_id, "submit_evaluation", payload)


@router.put("", response_model=EvaluationPublic, summary="Spara utvärderingen")
def record_evaluation(
    round_id: RoundIdPath, body: EvaluationRecord, _system: SystemDep, session: SessionDep
) -> EvaluationPublic:
    get_round(session, round_id)
    values = {**body.model_dump(), "round_id": round_id}
    return EvaluationPublic.model_validate(upsert(session, Evaluation, round_id, values))
