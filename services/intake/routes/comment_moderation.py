"""Moderating the threads like proposals: anyone signed in reports abuse once per entry;
officials list what was reported, hide an entry with a recorded reason or show it again. The
workflow closes the threads when voting closes; the owner of contact data fetches the notices
of new questions for the proposers and marks them delivered."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from services.common.auth import Principal, Role
from services.common.db import fetch_page
from services.common.deps import PageDep, SessionDep, SettingsDep, SystemDep
from services.common.errors import Problem
from services.common.kommun_access import require_roles_in_kommun
from services.common.pages import PageOf
from services.common.principal import DISCUSSANTS
from services.common.pseudonym import pseudonymize
from services.common.rounds import load_round
from services.common.types import MAX_ID, utc_now
from services.intake.comment_models import (
    CommentModerated,
    CommentNotice,
    CommentNoticePublic,
    CommentReport,
    ProposalComment,
    ReportCreate,
    comment_public,
)
from services.intake.comment_store import load_comment
from services.intake.hiding import apply_hiding
from services.intake.models import IntakeRound
from services.intake.round_state import ROUND_KOMMUN, round_public
from services.intake.schemas import HidingRequest, RoundPublic

router = APIRouter(prefix="/rounds/{round_id}", tags=["frågor och svar: moderering"])
OfficialDep = Annotated[Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.OFFICIAL))]
ReporterDep = Annotated[Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, *DISCUSSANTS))]
CommentIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Inläggets id")]


def _moderated(comment: ProposalComment) -> CommentModerated:
    return CommentModerated.model_validate(
        {
            **comment_public(comment).model_dump(),
            **comment.model_dump(include={"round_id", "report_count", "hidden_by", "hidden_at"}),
        }
    )


@router.post(
    "/comments/{comment_id}/reports",
    status_code=201,
    response_model=CommentModerated,
    summary="Anmäl ett olämpligt inlägg",
)
def report_comment(
    round_id: str,
    comment_id: CommentIdPath,
    body: ReportCreate,
    reporter: ReporterDep,
    session: SessionDep,
    settings: SettingsDep,
) -> CommentModerated:
    comment = load_comment(session, round_id, comment_id)
    key = pseudonymize(settings.pseudonym_secret, reporter.subject, round_id)
    session.add(
        CommentReport(
            comment_id=comment_id, reporter_key=key, reason=body.reason, created_at=utc_now()
        )
    )
    comment.report_count += 1
    session.add(comment)
    try:
        session.commit()
    except IntegrityError as err:
        session.rollback()
        raise Problem(
            409, f"Du har redan anmält inlägg {comment_id}.", code="already-reported"
        ) from err
    session.refresh(comment)
    return _moderated(comment)


def _set_hidden(
    session: Session, round_id: str, comment_id: int, hiding: tuple[str, str] | None
) -> CommentModerated:
    comment = load_comment(session, round_id, comment_id)
    apply_hiding(comment, hiding, utc_now())
    session.add(comment)
    session.commit()
    session.refresh(comment)
    return _moderated(comment)


@router.put(
    "/comments/{comment_id}/hiding",
    response_model=CommentModerated,
    summary="Dölj ett inlägg",
    description="Inlägget visas utan text, med skälet; det kan inte längre besvaras.",
)
def hide_comment(
    round_id: str,
    comment_id: CommentIdPath,
    body: HidingRequest,
    official: OfficialDep,
    session: SessionDep,
) -> CommentModerated:
    return _set_hidden(session, round_id, comment_id, (body.reason, official.name or "okänd"))


@router.delete(
    "/comments/{comment_id}/hiding", response_model=CommentModerated, summary="Visa inlägget igen"
)
def show_comment(
    round_id: str, comment_id: CommentIdPath, _official: OfficialDep, session: SessionDep
) -> CommentModerated:
    return _set_hidden(session, round_id, comment_id, None)


@router.get(
    "/reported-comments",
    response_model=PageOf[CommentModerated],
    summary="Anmälda och dolda inlägg",
    description="För tjänstepersoner: inlägg som anmälts eller dolts, äldst först.",
)
def list_reported(
    round_id: str, _official: OfficialDep, session: SessionDep, page: PageDep
) -> PageOf[CommentModerated]:
    load_round(session, IntakeRound, round_id)
    where = (col(ProposalComment.round_id) == round_id) & (
        (col(ProposalComment.report_count) > 0) | col(ProposalComment.hidden_at).is_not(None)
    )
    comments, total = fetch_page(session, ProposalComment, where, col(ProposalComment.id), page)
    return PageOf.of([_moderated(c) for c in comments], total, page)


@router.post(
    "/discussion/close",
    response_model=RoundPublic,
    summary="Stäng frågor och svar (när röstningen stänger)",
)
def close_discussion(round_id: str, _system: SystemDep, session: SessionDep) -> RoundPublic:
    round_ = load_round(session, IntakeRound, round_id, lock=True)
    if round_.discussion_closed_at is None:
        round_.discussion_closed_at = utc_now()
        session.add(round_)
        session.commit()
        session.refresh(round_)
    return round_public(session, round_)


@router.get(
    "/comment-notices",
    response_model=PageOf[CommentNoticePublic],
    summary="Meddelanden om nya frågor till förslagsställarna",
)
def list_notices(
    round_id: str,
    _system: SystemDep,
    session: SessionDep,
    page: PageDep,
    pending: Annotated[bool, Query(description="Bara de som inte levererats")] = True,
) -> PageOf[CommentNoticePublic]:
    load_round(session, IntakeRound, round_id)
    where = col(CommentNotice.round_id) == round_id
    if pending:
        where = where & col(CommentNotice.delivered_at).is_(None)
    notices, total = fetch_page(session, CommentNotice, where, col(CommentNotice.id), page)
    return PageOf.of([CommentNoticePublic.model_validate(n) for n in notices], total, page)


@router.post(
    "/comment-notices/{notice_id}/delivery",
    response_model=CommentNoticePublic,
    summary="Markera ett meddelande som levererat",
)
def mark_delivered(
    round_id: str,
    notice_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    _system: SystemDep,
    session: SessionDep,
) -> CommentNoticePublic:
    notice = session.get(CommentNotice, notice_id)
    if notice is None or notice.round_id != round_id:
        raise Problem(404, f"Meddelande {notice_id} finns inte.", code="notice-not-found")
    notice.delivered_at = notice.delivered_at or utc_now()
    session.add(notice)
    session.commit()
    session.refresh(notice)
    return CommentNoticePublic.model_validate(notice)
