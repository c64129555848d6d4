"""Merging duplicates: the merged proposal points to the one kept, and its supporters are told.

A merge is the merged proposal's assessment (it counts as assessed, never goes to the ballot)
with a public reason. Telling the supporters goes through an outbox here: each merge leaves a
notice that the notification adapter, which can reach the proposers through intake, reads and
marks delivered. The round workflow stays out of it, so its history does not grow with merges.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from services.assessment.access import (
    ROUND_KOMMUN,
    OfficialDep,
    assessor_key,
    display_name,
    ensure_no_conflict,
    ensure_registered,
    load_open_round,
)
from services.assessment.completion import signal_complete
from services.assessment.models import Assessment, AssessmentRound, MergeNotice
from services.assessment.progress import progress
from services.assessment.routes.assessments import assessment_public
from services.assessment.schemas import AssessmentPublic, MergeNoticePublic, MergeRequest
from services.common.auth import Principal, Role
from services.common.db import fetch_page
from services.common.deps import PageDep, SessionDep, SettingsDep, SystemDep
from services.common.errors import Problem
from services.common.kommun_access import require_roles_in_kommun
from services.common.pages import PageOf
from services.common.rounds import load_round
from services.common.types import MAX_ID, utc_now
from services.common.validation import invalid_fields

router = APIRouter(prefix="/rounds/{round_id}", tags=["sammanslagning"])
NoticeReaderDep = Annotated[
    Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.SYSTEM, Role.OFFICIAL))
]
# Bounded like every id, so a huge number is a 422 rather than a database overflow.
NoticeIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Meddelandets id")]


def _ensure_mergeable(session: Session, round_id: str, body: MergeRequest) -> None:
    """No chains: the kept proposal is not itself merged, and the merged one keeps no others."""
    kept = session.get(Assessment, (round_id, body.into))
    if kept is not None and kept.merged_into is not None:
        raise Problem(
            409,
            f"Förslag {body.into} är självt sammanslaget med förslag {kept.merged_into}; slå "
            f"ihop med förslag {kept.merged_into} i stället.",
            code="merge-chain",
        )
    keeping = session.exec(
        select(Assessment.proposal_id).where(
            Assessment.round_id == round_id, Assessment.merged_into == body.proposal_id
        )
    ).first()
    if keeping is not None:
        raise Problem(
            409,
            f"Förslag {keeping} är sammanslaget med förslag {body.proposal_id}, som därför inte "
            "kan slås ihop med ett annat.",
            code="merge-chain",
        )


def _merge(
    session: Session, round_id: str, body: MergeRequest, key: str, name: str
) -> tuple[AssessmentPublic, bool]:
    round_ = load_open_round(session, round_id)
    if body.proposal_id == body.into:
        raise invalid_fields({"into": "Ett förslag kan inte slås ihop med sig självt."})
    ensure_registered(session, round_id, [body.proposal_id, body.into])
    ensure_no_conflict(session, round_id, key, [body.proposal_id, body.into])
    _ensure_mergeable(session, round_id, body)
    now = utc_now()
    assessment = session.get(Assessment, (round_id, body.proposal_id))
    first = assessment is None
    unchanged = assessment is not None and (assessment.merged_into, assessment.public_reason) == (
        body.into,
        body.public_reason,
    )
    if not unchanged:
        values: dict[str, Any] = {
            "feasible": False,
            "cost": None,
            "cost_items": [],
            "criteria": [],
            "public_reason": body.public_reason,
            "merged_into": body.into,
            "assessed_by": name,
            "assessed_by_key": key,
            "assessed_at": now,
        }
        if assessment is None:
            assessment = Assessment(round_id=round_id, proposal_id=body.proposal_id, **values)
        else:
            assessment.sqlmodel_update(values)
        session.add(assessment)
        session.add(
            MergeNotice(
                round_id=round_id,
                proposal_id=body.proposal_id,
                merged_into=body.into,
                public_reason=body.public_reason,
                created_at=now,
            )
        )
        session.flush()
    completed = first and progress(session, round_, now).complete
    session.commit()
    assert assessment is not None
    session.refresh(assessment)
    return assessment_public(assessment), completed


@router.post(
    "/merges",
    response_model=AssessmentPublic,
    summary="Slå ihop en dubblett med ett annat förslag",
    description="För tjänstepersoner. Dubbletten räknas som bedömd, kommer inte med på "
    "röstsedeln och visar vilket förslag den slagits ihop med och varför. Ett meddelande till "
    "dess förslagsställare läggs i utkorgen (`merge-notices`). Samma anrop igen ändrar inget.",
)
async def merge(
    round_id: str,
    body: MergeRequest,
    official: OfficialDep,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
) -> AssessmentPublic:
    key = assessor_key(settings.pseudonym_secret, official.subject, round_id)
    public, completed = await run_in_threadpool(
        _merge, session, round_id, body, key, display_name(official)
    )
    if completed:
        await signal_complete(request.app.state.signaler, round_id)
    return public


@router.get(
    "/merge-notices",
    response_model=PageOf[MergeNoticePublic],
    summary="Lista meddelanden om sammanslagningar",
    description="Utkorgen för notisadaptern (rollen system) och tjänstepersoner, äldst först. "
    "`pending=true` ger bara de som inte levererats.",
)
def list_notices(
    round_id: str,
    _reader: NoticeReaderDep,
    session: SessionDep,
    page: PageDep,
    pending: bool = False,
) -> PageOf[MergeNoticePublic]:
    load_round(session, AssessmentRound, round_id)
    where = col(MergeNotice.round_id) == round_id
    if pending:
        where = where & col(MergeNotice.delivered_at).is_(None)
    notices, total = fetch_page(session, MergeNotice, where, col(MergeNotice.id), page)
    return PageOf.of(
        [MergeNoticePublic.model_validate(n.model_dump()) for n in notices], total, page
    )


@router.post(
    "/merge-notices/{notice_id}/delivery",
    response_model=MergeNoticePublic,
    summary="Markera ett meddelande som levererat",
    description="För notisadaptern (rollen system). Att markera igen ändrar inget.",
)
def mark_delivered(
    round_id: str, notice_id: NoticeIdPath, _system: SystemDep, session: SessionDep
) -> MergeNoticePublic:
    notice = session.get(MergeNotice, notice_id)
    if notice is None or notice.round_id != round_id:
        raise Problem(
            404,
            f"Meddelande {notice_id} finns inte i omgången '{round_id}'.",
            code="notice-not-found",
        )
    if notice.delivered_at is None:
        notice.delivered_at = utc_now()
        session.add(notice)
        session.commit()
        session.refresh(notice)
    return MergeNoticePublic.model_validate(notice.model_dump())
