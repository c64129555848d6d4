"""Dialogue meetings of a round: officials register them, anyone reads them with how many
proposals each brought in."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from sqlmodel import Session, col, func, select

from services.common.auth import Principal, Role
from services.common.db import fetch_page
from services.common.deps import PageDep, SessionDep
from services.common.errors import Problem
from services.common.kommun_access import require_roles_in_kommun
from services.common.pages import PageOf
from services.common.rounds import load_round
from services.common.types import MAX_ID, utc_now
from services.intake.meeting_models import DialogueMeeting, MeetingCreate, MeetingPublic
from services.intake.models import IntakeRound, Proposal
from services.intake.round_state import ROUND_KOMMUN

router = APIRouter(prefix="/rounds/{round_id}/meetings", tags=["dialogmöten"])
OfficialDep = Annotated[Principal, Depends(require_roles_in_kommun(ROUND_KOMMUN, Role.OFFICIAL))]
MeetingIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="Mötets id")]


def _public(session: Session, meetings: list[DialogueMeeting]) -> list[MeetingPublic]:
    ids = [m.id for m in meetings]
    counts = dict(
        session.exec(
            select(Proposal.meeting_id, func.count())
            .where(col(Proposal.meeting_id).in_(ids), col(Proposal.hidden_at).is_(None))
            .group_by(col(Proposal.meeting_id))
        ).all()
    )
    return [
        MeetingPublic.model_validate({**m.model_dump(), "proposal_count": counts.get(m.id, 0)})
        for m in meetings
    ]


@router.post(
    "",
    status_code=201,
    response_model=MeetingPublic,
    summary="Registrera ett dialogmöte",
    description="Förslag som tas emot på mötet förs in med kanalen `meeting` och mötets id.",
)
def register_meeting(
    round_id: str, body: MeetingCreate, official: OfficialDep, session: SessionDep
) -> MeetingPublic:
    load_round(session, IntakeRound, round_id, lock=True)
    meeting = DialogueMeeting(
        **body.model_dump(),
        round_id=round_id,
        registered_by=official.name or "okänd",
        created_at=utc_now(),
    )
    session.add(meeting)
    session.commit()
    session.refresh(meeting)
    return _public(session, [meeting])[0]


@router.get(
    "",
    response_model=PageOf[MeetingPublic],
    summary="Omgångens dialogmöten",
    description="I tidsordning, en sida i taget, med antalet förslag från varje möte.",
)
def list_meetings(round_id: str, session: SessionDep, page: PageDep) -> PageOf[MeetingPublic]:
    load_round(session, IntakeRound, round_id)
    where = col(DialogueMeeting.round_id) == round_id
    order = (col(DialogueMeeting.held_at), col(DialogueMeeting.id))
    meetings, total = fetch_page(session, DialogueMeeting, where, order, page)
    return PageOf.of(_public(session, meetings), total, page)


@router.get("/{meeting_id}", response_model=MeetingPublic, summary="Ett dialogmöte")
def get_meeting(round_id: str, meeting_id: MeetingIdPath, session: SessionDep) -> MeetingPublic:
    meeting = session.get(DialogueMeeting, meeting_id)
    if meeting is None or meeting.round_id != round_id:
        raise Problem(404, f"Möte {meeting_id} finns inte i omgången.", code="meeting-not-found")
    return _public(session, [meeting])[0]
