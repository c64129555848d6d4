"""How far an announcement's sending has come: counts per status and skipped reasons."""

from datetime import datetime

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from services.notify.events import Event
from services.notify.models import Announcement, Delivery, DeliveryStatus
from services.notify.schemas import AnnouncementOut, DeliveryCounts
from services.notify.uncertain import is_uncertain

AnnouncementCounts = tuple[DeliveryCounts, dict[str, int]]


def counts_of(
    session: Session, announcement_ids: list[int], uncertain_before: datetime
) -> dict[int, AnnouncementCounts]:
    """Per announcement: counts per status (``uncertain`` among the sent, ``uncertain.py``)
    and the skipped ones' reasons."""
    uncertain = case((is_uncertain(uncertain_before), 1), else_=0)
    rows = session.execute(
        select(
            col(Delivery.announcement_id),
            col(Delivery.status),
            col(Delivery.reason),
            func.count(),
            func.sum(uncertain),
        )
        .where(col(Delivery.announcement_id).in_(announcement_ids))
        .group_by(col(Delivery.announcement_id), col(Delivery.status), col(Delivery.reason))
    ).all()
    found: dict[int, AnnouncementCounts] = {i: (DeliveryCounts(), {}) for i in announcement_ids}
    for announcement_id, status, reason, count, unsure in rows:
        counts, reasons = found[announcement_id]
        field = DeliveryStatus(status).value
        setattr(counts, field, getattr(counts, field) + count)
        counts.uncertain += int(unsure or 0)
        if status == DeliveryStatus.SKIPPED and reason:
            reasons[reason] = reasons.get(reason, 0) + count
    return found


def announcement_out(announcement: Announcement, counts: AnnouncementCounts) -> AnnouncementOut:
    assert announcement.id is not None
    return AnnouncementOut(
        id=announcement.id,
        round_id=announcement.round_id,
        event=Event(announcement.event),
        ref=announcement.ref,
        recipients=announcement.recipients,
        created_at=announcement.created_at,
        counts=counts[0],
        skipped_reasons=counts[1],
    )


def round_totals(announcements: list[AnnouncementOut]) -> DeliveryCounts:
    totals = DeliveryCounts()
    for item in announcements:
        for field in DeliveryCounts.model_fields:
            setattr(totals, field, getattr(totals, field) + getattr(item.counts, field))
    return totals


def round_announcements(
    session: Session, round_id: str, uncertain_before: datetime
) -> list[AnnouncementOut]:
    announcements = list(
        session.scalars(
            select(Announcement)
            .where(col(Announcement.round_id) == round_id)
            .order_by(col(Announcement.id))
        )
    )
    ids = [a.id for a in announcements if a.id is not None]
    counts = counts_of(session, ids, uncertain_before)
    return [announcement_out(a, counts[a.id]) for a in announcements if a.id is not None]
