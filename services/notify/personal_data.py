"""Notify's part of erasing a round's personal data, and what it keeps.

A person erases their own contact data whenever they like (``DELETE /contacts/me``). What ties
people to a round here is who was sent which message (the deliveries, by contact key) and who
follows which proposal: once the round's last message has gone out and the retention period
has passed, operations erase those; the announcements stay with their recipient counts.
"""

from datetime import datetime

from sqlalchemy import Select, delete, func, select
from sqlmodel import Session, col

from services.common.errors import Problem
from services.common.personal_data import personal_data_router
from services.notify.models import Announcement, Delivery, DeliveryStatus, Follow
from services.notify.routes.deps import ROUND_KOMMUN


def _round_deliveries(round_id: str) -> "Select[int | None]":
    return select(col(Announcement.id)).where(col(Announcement.round_id) == round_id)


def last_message_at(session: Session, round_id: str) -> datetime | None:
    """When the round's last message went out; None while any is still queued."""
    ids = _round_deliveries(round_id)
    if session.scalars(ids).first() is None:
        raise Problem(404, f"Omgången '{round_id}' har inga utskick här.", code="round-not-found")
    waiting = session.scalar(
        select(func.count())
        .select_from(Delivery)
        .where(
            col(Delivery.announcement_id).in_(ids),
            col(Delivery.status).in_([DeliveryStatus.QUEUED.value, DeliveryStatus.SENDING.value]),
        )
    )
    if waiting:
        return None
    last = session.scalar(
        select(func.max(col(Announcement.created_at))).where(col(Announcement.round_id) == round_id)
    )
    sent = session.scalar(
        select(func.max(col(Delivery.sent_at))).where(col(Delivery.announcement_id).in_(ids))
    )
    return max(moment for moment in (last, sent) if moment is not None)


def erase_recipients(session: Session, round_id: str) -> dict[str, int]:
    ids = _round_deliveries(round_id)
    deliveries = session.execute(delete(Delivery).where(col(Delivery.announcement_id).in_(ids)))
    follows = session.execute(delete(Follow).where(col(Follow.round_id) == round_id))
    return {
        Delivery.__tablename__: int(deliveries.rowcount or 0),  # type: ignore[attr-defined]
        Follow.__tablename__: int(follows.rowcount or 0),  # type: ignore[attr-defined]
    }


router = personal_data_router(last_message_at, erase_recipients, ROUND_KOMMUN)
