"""Questions and comments on proposals: the tables and the request and answer models.

A thread is a question or comment on a proposal and the answers under it (one level: the
proposer, officials and politicians answer). Authors are stored as a pseudonym of their login
(to know the proposer and for erasure), a role and, where they agreed or speak in office, a
name; politicians also with their party. Hidden entries keep their place in the thread with
the reason, without their text. A question to someone else's proposal leaves a notice for the
proposer in an outbox (``comment_notice``) that the owner of contact data delivers: nothing
per comment goes through the round's workflow.
"""

from datetime import datetime
from typing import Literal

from pydantic import field_validator
from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from services.common.strict import StrictRequest
from services.common.types import MAX_ID, UtcDateTime
from services.common.validation import strip_blanks
from services.intake.models import IntakeModel

CommentKind = Literal["question", "comment", "answer"]
AuthorRole = Literal["resident", "company", "proposer", "official", "politician"]
MAX_COMMENT = 2000


class ProposalComment(IntakeModel, table=True):
    __tablename__ = "proposal_comment"

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(foreign_key="intake_round.id", index=True, max_length=64)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="proposal_comment.id", index=True)
    kind: str = Field(max_length=20)
    text: str = Field(sa_type=Text)
    author_role: str = Field(max_length=20)
    author_name: str | None = Field(default=None, max_length=200)
    author_party: str | None = Field(default=None, max_length=100)
    author_key: str = Field(max_length=64, description="HMAC av inloggningen och omgång")
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    report_count: int = Field(default=0)
    hidden_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    hidden_reason: str | None = Field(default=None, max_length=2000, sa_type=Text)
    hidden_by: str | None = Field(default=None, max_length=200)


class CommentReport(IntakeModel, table=True):
    """One person's report of abuse; a person reports a comment once."""

    __tablename__ = "comment_report"
    __table_args__ = (UniqueConstraint("comment_id", "reporter_key", name="uq_comment_reporter"),)

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="proposal_comment.id", index=True)
    reporter_key: str = Field(max_length=64)
    reason: str = Field(max_length=500)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class CommentNotice(IntakeModel, table=True):
    """A new question for the proposer, until the owner of contact data has delivered it."""

    __tablename__ = "comment_notice"

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(foreign_key="intake_round.id", index=True, max_length=64)
    proposal_id: int = Field(foreign_key="proposal.id")
    comment_id: int = Field(foreign_key="proposal_comment.id")
    recipient_key: str = Field(max_length=64, description="Förslagsställarens pseudonym")
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))


# --- requests and answers --------------------------------------------------------------------
class CommentCreate(SQLModel, StrictRequest):
    text: str = Field(min_length=1, max_length=MAX_COMMENT, description="Frågan eller kommentaren")
    kind: Literal["question", "comment"] = Field(
        default="comment", description="Fråga eller kommentar (ett svar har parent_id)"
    )
    parent_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="Svar på inlägg")
    publish_name: bool = Field(
        default=False, description="Visa ditt namn (politiker och tjänstepersoner visas alltid)"
    )

    strip_text = field_validator("text", mode="before")(strip_blanks)


class CommentPublic(SQLModel):
    """A thread entry; a hidden one without its text, with the reason."""

    id: int
    proposal_id: int
    parent_id: int | None
    kind: CommentKind
    text: str | None
    author_role: AuthorRole
    author_name: str | None
    author_party: str | None
    created_at: datetime
    hidden: bool
    hidden_reason: str | None


class CommentThread(CommentPublic):
    answers: list[CommentPublic] = []


class CommentModerated(CommentPublic):
    round_id: str
    report_count: int
    hidden_by: str | None
    hidden_at: datetime | None


class ReportCreate(SQLModel, StrictRequest):
    reason: str = Field(min_length=3, max_length=500, description="Vad är fel med inlägget?")

    strip_text = field_validator("reason", mode="before")(strip_blanks)


class CommentNoticePublic(SQLModel):
    id: int
    round_id: str
    proposal_id: int
    comment_id: int
    recipient_key: str
    created_at: datetime
    delivered_at: datetime | None


def comment_public(comment: ProposalComment) -> CommentPublic:
    hidden = comment.hidden_at is not None
    return CommentPublic.model_validate(
        {
            **comment.model_dump(exclude={"text"}),
            "text": None if hidden else comment.text,
            "hidden": hidden,
        }
    )
