"""Dialogue meetings: officials register the meetings a round holds with residents and local
businesses (date, place, topic, the groups invited, e.g. the local business association);
proposals taken down at one are entered with channel ``meeting`` and its id, so the report
counts the meetings and what came of them."""

from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints, field_validator
from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel

from services.common.dates import BoundedDateTime
from services.common.strict import StrictRequest
from services.common.types import UtcDateTime
from services.common.validation import strip_blanks
from services.intake.models import IntakeModel

Group = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]


class MeetingBase(SQLModel):
    place: str = Field(min_length=2, max_length=200, description="Plats, t.ex. Åre bibliotek")
    topic: str = Field(min_length=3, max_length=500, description="Vad mötet handlar om")


class DialogueMeeting(MeetingBase, IntakeModel, table=True):
    __tablename__ = "dialogue_meeting"

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(foreign_key="intake_round.id", index=True, max_length=64)
    held_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    invited_groups: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    registered_by: str = Field(max_length=200)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class MeetingCreate(MeetingBase, StrictRequest):
    held_at: BoundedDateTime = Field(description="När mötet hålls (med tidszon)")
    invited_groups: list[Group] = Field(
        default=[], max_length=20, description="Inbjudna grupper, t.ex. företagarföreningen"
    )

    strip_text = field_validator("place", "topic", mode="before")(strip_blanks)

    @field_validator("held_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("Ange tiden med tidszon, t.ex. 2027-02-10T18:00:00+01:00.")
        return value


class MeetingPublic(MeetingBase):
    id: int
    round_id: str
    held_at: datetime
    invited_groups: list[str]
    registered_by: str
    proposal_count: int = Field(description="Förslag som togs emot på mötet")


def meeting_problem(
    session: Session, round_id: str, channel: str, meeting_id: int | None
) -> str | None:
    """Why a proposal cannot name this meeting, or ``None``."""
    if meeting_id is None:
        return None
    if channel != "meeting":
        return "Ett möte anges bara för förslag som togs emot på ett möte (kanalen meeting)."
    meeting = session.get(DialogueMeeting, meeting_id)
    if meeting is None or meeting.round_id != round_id:
        return f"Möte {meeting_id} finns inte i omgången."
    return None
