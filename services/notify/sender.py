"""Sending the queue in batches: claim, check consent again, render, send, record.

A batch is claimed in one transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several
processes share the queue; SQLite's write lock does the same) as a lease the sender renews. An
e-mail is committed "sent" on its own, just before its end of data (the commit also checks the
lease is still this sender's; one short transaction a message). So a crash before that commit
leaves a message the server discards and that goes again once the lease ran out
(``MB_NOTIFY_LEASE_SECONDS``); a crash after it leaves a message the server has, unless the
process died between the commit and the write of the end of data. The server's answer is
recorded as ``answered_at`` with the next commit (or at the batch's end), so a crash in between
leaves a "sent" row without it: uncertain, for staff to settle (``routes/uncertain.py``). A
refusal of the end of data undoes the "sent": back to the queue for 4xx, failed for 5xx. The
pace is at most ``MB_NOTIFY_RATE`` messages a second per process.
"""

import logging
import smtplib
import threading
import time
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col

from services.common.types import utc_now
from services.notify.channels import Mail, Mailbox, NoAnswer, PermanentFailure, Taken, Unsent
from services.notify.events import AUDIENCE, Event
from services.notify.identity import unseal
from services.notify.models import Announcement, Contact, Delivery, DeliveryStatus
from services.notify.outgoing import outgoing_message, skip_reason
from services.notify.settings import NotifySettings

log = logging.getLogger(__name__)
TRANSIENT = (OSError, smtplib.SMTPException, httpx.HTTPError)


class Sender:
    def __init__(self, engine: Engine, settings: NotifySettings) -> None:
        self._engine = engine
        self._settings = settings
        self._http = httpx.Client(timeout=settings.smtp_timeout)
        # Each of MB_NOTIFY_CONNECTIONS senders keeps its share of MB_NOTIFY_RATE.
        self._interval = settings.notify_connections / settings.notify_rate
        self._next = time.monotonic()
        self._claimed_at = utc_now()
        self._renewed = time.monotonic()
        # E-mails whose "250" came, recorded with the next "sent" commit (no write of its own).
        self._answered: list[int] = []

    def claim(self) -> list[int]:
        settings, now = self._settings, utc_now()
        stale = now - timedelta(seconds=settings.notify_lease_seconds)
        query = (
            select(col(Delivery.id))
            .where(
                or_(
                    col(Delivery.status) == DeliveryStatus.QUEUED.value,
                    and_(
                        col(Delivery.status) == DeliveryStatus.SENDING.value,
                        col(Delivery.claimed_at) < stale,
                    ),
                )
            )
            .order_by(col(Delivery.id))
            .limit(settings.notify_batch)
        )
        if self._engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        # One statement, so two senders can never claim the same rows (SQLite: its write
        # lock; PostgreSQL: the rows another sender holds are skipped).
        claim = (
            update(Delivery)
            .where(col(Delivery.id).in_(query.scalar_subquery()))
            .values(
                status=DeliveryStatus.SENDING.value,
                claimed_at=now,
                attempts=col(Delivery.attempts) + 1,
            )
            .returning(col(Delivery.id))
        )
        with self._engine.begin() as connection:
            claimed = connection.execute(claim).scalars()
            self._claimed_at, self._renewed = now, time.monotonic()
            return sorted(int(i) for i in claimed if i is not None)

    def _renew(self, ids: list[int]) -> set[int]:
        """Extends the claim on ``ids`` (a lease, not a lock) and says which are still ours: a
        batch that takes longer than the lease is never claimed by a second sender meanwhile,
        and one whose claim lapsed (the process stalled) leaves those rows to their new owner."""
        now = utc_now()
        renew = (
            update(Delivery)
            .where(
                col(Delivery.id).in_(ids),
                col(Delivery.status) == DeliveryStatus.SENDING.value,
                col(Delivery.claimed_at) == self._claimed_at,
            )
            .values(claimed_at=now)
            .returning(col(Delivery.id))
        )
        with self._engine.begin() as connection:
            ours = {int(i) for i in connection.execute(renew).scalars() if i is not None}
        self._claimed_at, self._renewed = now, time.monotonic()
        return ours

    def _record(self, delivery_id: int, **values: Any) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                update(Delivery).where(col(Delivery.id) == delivery_id).values(values)
            )

    def _commit_sent(self, delivery_id: int) -> bool:
        """Commits the e-mail as sent just before its end of data, if it is still ours, and
        the answers read since the last commit."""
        with self._engine.begin() as connection:
            self._write_answered(connection)
            sent = connection.execute(
                update(Delivery)
                .where(
                    col(Delivery.id) == delivery_id,
                    col(Delivery.status) == DeliveryStatus.SENDING.value,
                    col(Delivery.claimed_at) == self._claimed_at,
                )
                .values(status=DeliveryStatus.SENT.value, channel="email", sent_at=utc_now())
            )
        self._answered.clear()
        return bool(sent.rowcount == 1)

    def _write_answered(self, connection: Connection) -> None:
        if self._answered:
            connection.execute(
                update(Delivery)
                .where(col(Delivery.id).in_(self._answered))
                .values(answered_at=utc_now())
            )

    def _flush_answered(self) -> None:
        """The answers not yet written, at the end of a batch."""
        if self._answered:
            with self._engine.begin() as connection:
                self._write_answered(connection)
            self._answered.clear()

    def _release(self, ids: list[int]) -> None:
        """Back to the queue: the server did not answer, or answered "not now" (4xx), so none
        of these went out (one refused at its end of data was re-queued by ``_handle``)."""
        if ids:
            queued = DeliveryStatus.QUEUED.value
            with self._engine.begin() as connection:
                connection.execute(
                    update(Delivery)
                    .where(
                        col(Delivery.id).in_(ids),
                        col(Delivery.status) == DeliveryStatus.SENDING.value,
                        col(Delivery.claimed_at) == self._claimed_at,
                    )
                    .values(status=queued, claimed_at=None)
                )

    def _pace(self) -> None:
        now = time.monotonic()
        if self._next > now:
            time.sleep(self._next - now)
        self._next = max(self._next, now) + self._interval

    def send_batch(self) -> int:
        """Claim and handle one batch; how many messages were handled."""
        ids = self.claim()
        return self.send_claimed(ids) if ids else 0

    def send_claimed(self, ids: list[int]) -> int:
        """Send the messages this sender claimed; how many were handled."""
        with Session(self._engine) as session:
            rows = session.execute(
                select(Delivery, Announcement, Contact)
                .join(Announcement, col(Announcement.id) == col(Delivery.announcement_id))
                .outerjoin(Contact, col(Contact.key) == col(Delivery.contact_key))
                .where(col(Delivery.id).in_(ids))
                .order_by(col(Delivery.id))
            ).all()
            session.expunge_all()
        mail, mailbox = Mail(self._settings), Mailbox(self._settings, self._http)
        handled: list[int] = []
        ours = set(ids)
        renew_every = self._settings.notify_lease_seconds / 3
        try:
            for delivery, announcement, contact in rows:
                if time.monotonic() - self._renewed > renew_every:
                    ours = self._renew([i for i in ids if i not in handled])
                if delivery.id in ours:
                    self._handle(mail, mailbox, delivery, announcement, contact)
                handled.append(delivery.id)
        except TRANSIENT as exc:
            log.warning("sending paused, the receiving side did not answer: %s", exc)
            self._release([i for i in ids if i not in handled])
            time.sleep(1.0)
        finally:
            mail.close()
            self._flush_answered()
        return len(handled)

    def _handle(
        self,
        mail: Mail,
        mailbox: Mailbox,
        delivery: Delivery,
        announcement: Announcement,
        contact: Contact | None,
    ) -> None:
        assert delivery.id is not None
        audience = AUDIENCE[Event(announcement.event)]
        reason = skip_reason(self._settings, audience, contact)
        if reason is not None or contact is None:
            self._record(delivery.id, status=DeliveryStatus.SKIPPED.value, reason=reason)
            return
        try:
            outgoing = outgoing_message(self._settings, delivery, announcement, contact)
        except (KeyError, ValueError):  # checked when announced; an old row must not block
            log.exception("message %s could not be written", delivery.id)
            self._record(delivery.id, status=DeliveryStatus.FAILED.value, reason="render-failed")
            return
        self._pace()
        delivery_id = delivery.id
        try:
            if contact.email and self._settings.smtp_host:
                channel = "email"
                mail.send(outgoing, contact.email, lambda: self._commit_sent(delivery_id))
            else:
                channel = "mailbox"
                assert contact.mailbox_identity is not None
                reached_by = unseal(self._settings.pseudonym_secret, contact.mailbox_identity)
                mailbox.send(outgoing, reached_by, announcement.kommun)
        except PermanentFailure as failure:
            self._record(
                delivery.id, status="failed", reason=str(failure), channel=channel, sent_at=None
            )
            return
        except Taken:  # another sender has it now; it sends it
            return
        except Unsent:  # committed as sent, but the server did not take it: queued again
            self._record(delivery.id, status="queued", claimed_at=None, sent_at=None)
            raise  # and sending pauses, as for any "not now"
        except NoAnswer as exc:  # the end of data went: it stays sent, marked
            log.warning("message %s: no answer after its end of data: %s", delivery.id, exc)
            self._record(delivery.id, reason="no-answer-after-data")
            return
        if channel == "mailbox":
            now = utc_now()
            self._record(delivery.id, status="sent", channel=channel, sent_at=now, answered_at=now)
        else:
            self._answered.append(delivery.id)

    def run(self, stop: threading.Event, idle: float = 0.5) -> None:
        """Until ``stop``: send while there is a queue, look again every ``idle`` seconds."""
        while not stop.is_set():
            try:
                sent = self.send_batch()
            except Exception:  # a database hiccup: log it, keep the thread alive
                log.exception("sending failed; trying again")
                sent = 0
            if not sent:
                stop.wait(idle)
        self._http.close()
