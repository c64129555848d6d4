"""Assessments: assessors record and revise verdicts; anyone may read them.

The last first-time verdict of a round signals the round workflow ``assessment_complete``, so
it can move on before the due date. That signal is best effort: the workflow also reads the
progress at the due date, so a lost signal delays the round but never loses data.
"""

import asyncio
import logging
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session, col
from starlette.concurrency import run_in_threadpool

from services.assessment.models import (
    Assessment,
    AssessmentPage,
    AssessmentPublic,
    AssessmentUpsert,
    ProposalToAssess,
)
from services.assessment.progress import load_round, progress
from services.assessment.routes.rounds import assessment_closed_problem
from services.common.auth import Principal, Role, require_roles
from services.common.db import fetch_page
from services.common.deps import PageDep, ProposalIdPath, SessionDep
from services.common.errors import Problem
from services.common.signals import Signaler

log = logging.getLogger(__name__)
router = APIRouter(prefix="/rounds/{round_id}/assessments", tags=["bedömningar"])

AssessorDep = Annotated[Principal, Depends(require_roles(Role.ASSESSOR, Role.OFFICIAL))]
# An unreachable Temporal server must not keep an assessor waiting.
SIGNAL_TIMEOUT_SECONDS = 10


def assessment_public(assessment: Assessment) -> AssessmentPublic:
    return AssessmentPublic(
        proposal_id=assessment.proposal_id,
        feasible=assessment.feasible,
        cost=assessment.cost,
        public_reason=assessment.public_reason,
        assessed_at=assessment.assessed_at,
    )


def _save_assessment(
    session: Session, round_id: str, proposal_id: int, body: AssessmentUpsert
) -> tuple[AssessmentPublic, bool]:
    """Insert or revise the verdict; also tell whether this one completed the round.

    Only a first verdict can complete a round, so revising after completion never signals
    again.
    """
    round_ = load_round(session, round_id, lock=True)
    if round_.closed_at is not None:
        raise assessment_closed_problem()
    if session.get(ProposalToAssess, (round_id, proposal_id)) is None:
        raise Problem(
            404,
            f"Förslag {proposal_id} ska inte bedömas i omgången '{round_id}'.",
            code="proposal-not-found",
        )
    now = datetime.now(UTC)
    assessment = session.get(Assessment, (round_id, proposal_id))
    first = assessment is None
    if assessment is None:
        assessment = Assessment(
            round_id=round_id, proposal_id=proposal_id, assessed_at=now, **body.model_dump()
        )
    else:
        assessment.sqlmodel_update({**body.model_dump(), "assessed_at": now})
    session.add(assessment)
    session.flush()
    completed = first and progress(session, round_).complete
    session.commit()
    session.refresh(assessment)
    return assessment_public(assessment), completed


async def _signal_complete(signaler: Signaler, round_id: str) -> None:
    try:
        async with asyncio.timeout(SIGNAL_TIMEOUT_SECONDS):
            await signaler.signal(round_id, "assessment_complete")
    except Exception:
        log.exception("could not signal assessment_complete to round %s", round_id)


@router.put(
    "/{proposal_id}",
    response_model=AssessmentPublic,
    summary="Bedöm ett förslag",
    description="Genomförbart eller inte, med kostnad (krävs för genomförbara förslag) och en "
    "offentlig motivering. Samma anrop igen ändrar bedömningen, så länge bedömningen i "
    "omgången inte är avslutad.",
)
async def record_assessment(
    round_id: str,
    proposal_id: ProposalIdPath,
    body: AssessmentUpsert,
    _assessor: AssessorDep,
    session: SessionDep,
    request: Request,
) -> AssessmentPublic:
    public, completed = await run_in_threadpool(
        _save_assessment, session, round_id, proposal_id, body
    )
    if completed:
        await _signal_complete(request.app.state.signaler, round_id)
    return public


@router.get(
    "",
    response_model=AssessmentPage,
    summary="Lista bedömningarna i en omgång",
    description="I förslagens id-ordning, en sida i taget (`limit`, `offset`).",
)
def list_assessments(round_id: str, session: SessionDep, page: PageDep) -> AssessmentPage:
    load_round(session, round_id)
    assessments, total = fetch_page(
        session, Assessment, col(Assessment.round_id) == round_id, col(Assessment.proposal_id), page
    )
    return AssessmentPage(
        items=[assessment_public(a) for a in assessments],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
