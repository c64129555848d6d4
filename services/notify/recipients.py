"""Queueing an announcement: one delivery row per recipient, written in bulk by the database.

The recipients are chosen when the announcement is made, by its audience (events.AUDIENCE);
whether each may still be reached is checked again when their message is sent. The unique
(announcement, contact) pair makes a repeated request or a later follower add no copy.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import false, func, insert, literal, select
from sqlmodel import Session, col

from services.common.db import insert_ignoring_copies
from services.common.types import utc_now
from services.notify.events import AUDIENCE, Audience, Event
from services.notify.models import Announcement, Contact, Delivery, DeliveryStatus, Follow

# Which of these markers have not voted in the round (the voting service's answer).
NotVoted = Callable[[str, list[str]], set[str]]


def _audience(announcement: Announcement) -> Any:
    """The contact keys the announcement goes to, as a SELECT."""
    audience = AUDIENCE[Event(announcement.event)]
    if audience in (Audience.FOLLOWERS, Audience.PROPOSER):
        query = select(col(Follow.contact_key)).where(
            col(Follow.round_id) == announcement.round_id,
            col(Follow.proposal_id) == int(announcement.ref.split(":")[0] or 0),
        )
        if audience == Audience.PROPOSER:  # only those intake's notice names (``only``)
            query = query.where(false())
        return query
    wanted = Contact.invitations if audience == Audience.RESIDENTS else Contact.official_notices
    return select(col(Contact.key)).where(
        col(Contact.kommun) == announcement.kommun, col(wanted).is_(True)
    )


def _named_officials(session: Session, announcement: Announcement, to: str) -> list[str]:
    """The kommun's officials (with notices) whose sign-in name the notice names: "Anna Berg",
    "Anna Berg, Bo Ek" or "projektets ansvariga (Anna Berg)"; a role names nobody."""
    names = {" ".join(part.split()).casefold() for part in re.split(r"[,()]", to)} - {""}
    if not names:
        return []
    rows = session.execute(
        select(col(Contact.key), col(Contact.staff_name)).where(
            col(Contact.kommun) == announcement.kommun,
            col(Contact.official_notices).is_(True),
            col(Contact.staff_name).is_not(None),
        )
    ).all()
    return [key for key, name in rows if " ".join(str(name).split()).casefold() in names]


def _row(announcement: Announcement, key: str) -> dict[str, Any]:
    queued = DeliveryStatus.QUEUED.value
    return {"announcement_id": announcement.id, "contact_key": key, "status": queued, "attempts": 0}


def _insert_ignoring_copies(session: Session, rows: Iterable[dict[str, Any]]) -> None:
    values = list(rows)
    if values:
        table = Delivery.__table__  # type: ignore[attr-defined]
        statement = insert_ignoring_copies(table, session.get_bind().dialect.name)
        session.connection().execute(statement, values)


def _queue_all(session: Session, announcement: Announcement) -> None:
    """INSERT ... SELECT: 100,000 recipients in one statement, nothing through Python."""
    keys = _audience(announcement).subquery()
    statement = insert(Delivery).from_select(
        ["announcement_id", "contact_key", "status", "attempts"],
        select(
            literal(announcement.id),
            keys.c[0],
            literal(DeliveryStatus.QUEUED.value),
            literal(0),
        ),
    )
    session.execute(statement)


def _known(session: Session, round_id: str) -> Announcement | None:
    """The round's first announcement naming its kommun: what later ones may leave out."""
    return session.scalars(
        select(Announcement)
        .where(col(Announcement.round_id) == round_id, col(Announcement.kommun) != "")
        .order_by(col(Announcement.id))
    ).first()


def announce(
    session: Session,
    round_id: str,
    event: Event,
    kommun: str,
    ref: str,
    params: dict[str, Any],
    *,
    only: list[str] | None = None,
    not_voted: NotVoted | None = None,
    to: str = "",
) -> tuple[Announcement, bool]:
    """The announcement of ``event`` (made now, or the one made before) and whether it is new.

    ``only``: these recipients (a new follower) rather than the audience; they are added to an
    announcement made before. ``not_voted`` filters a voting reminder's recipients. ``to``:
    an official notice goes to the officials it names, or (naming none) to all of them.
    """
    announcement = session.scalars(
        select(Announcement).where(
            col(Announcement.round_id) == round_id,
            col(Announcement.event) == event.value,
            col(Announcement.ref) == ref,
        )
    ).first()
    created = announcement is None
    if announcement is None:
        known = _known(session, round_id) if not (kommun and params.get("round_title")) else None
        if known is not None:
            kommun = kommun or known.kommun
            params = {"round_title": known.params.get("round_title", ""), **params}
        announcement = Announcement(
            round_id=round_id,
            kommun=kommun,
            event=event.value,
            ref=ref,
            params=params,
            created_at=utc_now(),
        )
        session.add(announcement)
        session.flush()
    elif only is None:
        return announcement, False
    if only is None and to and AUDIENCE[event] == Audience.OFFICIALS:
        only = _named_officials(session, announcement, to) or None
    if only is not None:
        _insert_ignoring_copies(session, (_row(announcement, key) for key in only))
    elif not_voted is not None:
        keys = list(session.execute(_audience(announcement)).scalars())
        rows = (_row(announcement, key) for key in not_voted(round_id, keys))
        _insert_ignoring_copies(session, rows)
    else:
        _queue_all(session, announcement)
    # Counted, not summed from rowcounts: PostgreSQL's driver has none for INSERT ... SELECT.
    announcement.recipients = (
        session.scalar(select(func.count()).where(col(Delivery.announcement_id) == announcement.id))
        or 0
    )
    session.add(announcement)
    return announcement, created
