"""Verifying an official's token for the workflow: an approval or decision signalled through
the Temporal UI or CLI counts only once its token has been checked here (signature by the
kommun's identity provider, expiry, role, and the round's kommun). The workflow calls this
through an activity before the approval counts; the answer is the name it is recorded under.
"""

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from services.common.auth import Role, check_kommun, check_roles, verify_token
from services.common.deps import RoundIdPath, SessionDep, SystemDep
from services.decision.routes import display_name, get_round

router = APIRouter(prefix="/rounds/{round_id}/official-tokens", tags=["inloggningar i signaler"])


class OfficialTokenCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    token: str = Field(min_length=1, max_length=8192, description="Tjänstepersonens inloggning")
    role: Literal["official", "council_secretary"] = Field(
        description="Rollen som godkännandet kräver"
    )


class VerifiedOfficial(BaseModel):
    name: str


@router.post(
    "/verify", response_model=VerifiedOfficial, summary="Kontrollera en tjänstepersons inloggning"
)
async def verify_official_token(
    round_id: RoundIdPath,
    body: OfficialTokenCheck,
    _system: SystemDep,
    session: SessionDep,
    request: Request,
) -> VerifiedOfficial:
    """401 for a token that is forged, expired or not a token; 403 for one without the role or
    of another kommun; 404 for an unknown round."""
    decision_round = await run_in_threadpool(get_round, session, round_id)
    # May fetch the identity provider's keys: off the event loop.
    principal = await run_in_threadpool(verify_token, request.app.state.settings, body.token)
    check_roles(principal, frozenset({Role(body.role)}))
    check_kommun(principal, decision_round.kommun)
    return VerifiedOfficial(name=display_name(principal))
