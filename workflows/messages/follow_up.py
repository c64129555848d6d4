"""The follow-up measurement after completion: what the round's ``FollowUpWorkflow`` is given,
and what the decision service answers about the round's follow-ups (counts and a date)."""

from datetime import datetime, timedelta

from pydantic import BaseModel

from workflows.config import ReminderSettings


class FollowUpInput(BaseModel):
    round_id: str
    measure_after: timedelta
    reminders: ReminderSettings = ReminderSettings()
    escalate_to: str = ""


class FollowUpOpening(BaseModel):
    """Asks the decision service to plan a follow-up for every completed project."""

    round_id: str
    measure_after: timedelta


class FollowUpDue(BaseModel):
    """Tells the decision service that the follow-ups due by ``as_of`` (the workflow's time)
    can be measured."""

    round_id: str
    as_of: datetime


class FollowUpState(BaseModel):
    """``pending``: follow-ups neither measured nor closed; ``due_at``: when the last is due;
    ``next_due_at``: the first pending one the workflow has not yet opened."""

    total: int = 0
    pending: int = 0
    due_at: datetime | None = None
    next_due_at: datetime | None = None
