"""The round's updates (``extend_deadline``, ``cancel_round``) and what they answer.

Plain text fields, so a mistyped phase or date gets a Swedish answer, not a decode error.
"""

from datetime import datetime

from pydantic import BaseModel

from workflows.config import Timeline
from workflows.messages.round import RoundPhase


class DeadlineExtension(BaseModel):
    """Update ``extend_deadline``: move a current or later phase's deadline to a later time.
    Plain text fields, so a mistyped phase or date gets a Swedish answer, not a decode error."""

    phase: str
    until: str
    reason: str
    requested_by: str


class DeadlineChange(BaseModel):
    """A deadline that was moved, shown in the status with who asked and why."""

    phase: RoundPhase
    previous: datetime | None
    deadline: datetime
    reason: str
    requested_by: str
    at: datetime


class DeadlineExtended(BaseModel):
    """The answer to ``extend_deadline``: the new deadline and the whole timeline now."""

    phase: RoundPhase
    deadline: datetime
    timeline: Timeline
    evaluation_closes_at: datetime | None = None


class RoundCancellation(BaseModel):
    """Update ``cancel_round``: the round ends for good; ``reason`` is told to everyone."""

    reason: str
    cancelled_by: str
