"""Uncertain e-mails: committed "sent" just before their end of data, with no answer from the
mail server recorded. Their sender stopped in between (killed, or the connection broke after
the end of data), so the server may or may not have the message; nothing in SMTP can tell.
They are never sent again by themselves. Staff look each one up by its Message-ID in the mail
server's log and settle it: ``delivered`` (found: it counts as answered) or ``lost`` (not
found: back to the queue, sent once more). A sender writes the answer a moment after the end
of data, so a row counts as uncertain only once ``MB_SMTP_TIMEOUT`` and a minute have passed.
"""

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, update
from sqlmodel import Session, col

from services.common.types import utc_now
from services.notify.models import Delivery, DeliveryStatus
from services.notify.settings import NotifySettings

MARGIN = timedelta(minutes=1)


class Outcome(StrEnum):
    DELIVERED = "delivered"
    LOST = "lost"


def cutoff(settings: NotifySettings, now: datetime | None = None) -> datetime:
    """Rows sent before this and still unanswered are uncertain."""
    return (now or utc_now()) - timedelta(seconds=settings.smtp_timeout) - MARGIN


def is_uncertain(before: datetime) -> ColumnElement[bool]:
    return and_(
        col(Delivery.status) == DeliveryStatus.SENT.value,
        col(Delivery.channel) == "email",
        col(Delivery.answered_at).is_(None),
        col(Delivery.sent_at) < before,
    )


def settle(session: Session, delivery_id: int, outcome: Outcome, before: datetime) -> bool:
    """Settles one uncertain row in one statement (so two staff members settling it at once
    cannot both succeed); False when it is not uncertain (any more)."""
    if outcome == Outcome.DELIVERED:
        values = {"answered_at": utc_now(), "reason": "found-in-mail-log"}
    else:  # not in the server's log: it goes again, once, as any queued message
        values = {
            "status": DeliveryStatus.QUEUED.value,
            "claimed_at": None,
            "sent_at": None,
            "reason": "lost-sent-again",
        }
    result = session.execute(
        update(Delivery).where(col(Delivery.id) == delivery_id, is_uncertain(before)).values(values)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
