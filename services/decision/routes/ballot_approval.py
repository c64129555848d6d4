"""Approval of the ballot: an official approves, the workflow records the approval."""

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.decision.models.base import SignalAccepted
from services.decision.models.round import (
    BallotApproval,
    BallotApprovalCreate,
    BallotApprovalPublic,
    BallotApprovalRequest,
)
from services.decision.routes import (
    OfficialDep,
    bearer_token,
    display_name,
    get_round,
    send_signal,
    upsert,
)

router = APIRouter(prefix="/rounds/{round_id}/ballot-approval", tags=["godkännande av röstsedel"])


@router.post("", status_code=202, response_model=SignalAccepted, summary="Godkänn röstsedeln")
async def approve_ballot(
    round_id: RoundIdPath,
    body: BallotApprovalRequest,
    official: OfficialDep,
    session: SessionDep,
    request: Request,
) -> SignalAccepted:
    await run_in_threadpool(get_round, session, round_id)
    payload = {
        "approved_by": display_name(official),
        "comment": body.comment,
        "token": bearer_token(request),
    }
    return await send_signal(request, round_id, "approve_ballot", payload, session=session)


@router.put("", response_model=BallotApprovalPublic, summary="Registrera godkännandet")
def record_ballot_approval(
    round_id: RoundIdPath, body: BallotApprovalCreate, _system: SystemDep, session: SessionDep
) -> BallotApprovalPublic:
    get_round(session, round_id)
    values = {**body.model_dump(), "round_id": round_id}
    return BallotApprovalPublic.model_validate(upsert(session, BallotApproval, round_id, values))
