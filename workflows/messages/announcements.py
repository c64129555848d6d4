"""What the workflow asks the notify service to tell people, once per event (docs/api.md)."""

from pydantic import BaseModel


class Announcement(BaseModel):
    """One event of a round; ``params`` are public values for the messages' templates."""

    round_id: str
    event: str
    kommun: str = ""
    ref: str = ""
    params: dict[str, str | int | bool | None] = {}
    # An official notice: whom it names (display names, a role, or both, as the workflow
    # writes them); the notify service sends to the named officials, else to all of them.
    to: str = ""


class AnnouncementSummary(BaseModel):
    """How many the event reaches, and the round's sending so far (for current details)."""

    event: str
    recipients: int = 0
    sent: int = 0
    waiting: int = 0
    skipped: int = 0
    failed: int = 0
    # Of the sent: e-mails the mail server never answered, for operations to settle.
    uncertain: int = 0
