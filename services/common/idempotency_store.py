"""Where idempotency keys live, and the fence that makes a retried write safe after a crash.

A record's key is not the client's key but :func:`record_key` of it: an HMAC of the caller
(issuer, subject, person or workflow) and the key, so one caller's answer is never replayed to
another, a person's key can never meet the workflow's, and no identity is stored in clear. Each
record expires (``expires_at``): a person's after a day, the workflow's after a round's life.

A key is claimed with a fresh claim token before the request runs. When the request's session
commits, the same transaction marks the key as applied, but only while the key still carries
that claim token. A retry may take over a claim that has been in progress for longer than
``STALE_AFTER`` (its process may have been killed); the takeover changes the token, so if the
first request was only slow, its commit fails at the fence and is rolled back. Whatever
happens, at most one execution per key writes to the database.
"""

import secrets
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.common.errors import Problem
from services.common.pseudonym import pseudonymize

MAX_KEY_LENGTH = 200
STALE_AFTER = timedelta(seconds=10)
# A person retries within minutes; a day is generous. The workflow may retry a step at any
# time while its round runs (preparation to the follow-up months after evaluation).
PERSON_TTL = timedelta(hours=24)
SYSTEM_TTL = timedelta(days=5 * 365)
PURGE_EVERY = timedelta(minutes=10)
SESSION_CLAIM = "idempotency_claim"

idempotency_metadata = MetaData()
idempotency_records = Table(
    "idempotency_record",
    idempotency_metadata,
    Column("key", String(MAX_KEY_LENGTH), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("claim_token", String(32), nullable=True),
    Column("status_code", Integer, nullable=True),
    Column("content_type", String(100), nullable=True),
    Column("body", LargeBinary, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    # The round the request wrote to (its path's), so erasing a round's personal data finds
    # its stored answers: the key itself is a digest.
    Column("round_id", String(64), nullable=True, index=True),
)

# The claim of the request being served: (key, claim token). Sessions opened for the request
# (services.common.deps.get_session) carry it, so their commit is fenced.
current_claim: ContextVar[tuple[str, str] | None] = ContextVar("idempotency_claim", default=None)


class ClaimTakenOver(Problem):
    def __init__(self) -> None:
        super().__init__(
            503,
            "Begäran tog för lång tid och har tagits över av ett nytt försök.",
            code="idempotency-claim-taken-over",
            headers={"Retry-After": "1"},
        )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def record_key(secret: str, owner: str, key: str) -> str:
    """The stored key of ``key`` sent by ``owner`` (``"system\0issuer\0subject"`` or
    ``"person\0..."``): keyed with a secret, since a subject may be a personnummer."""
    return pseudonymize(secret, f"{owner}\0{key}", "idempotency-key")


_last_purge: dict[str, datetime] = {}


class IdempotencyStore:
    """Claims, completes and replays keys in the service's own database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def claim(
        self, key: str, fingerprint: str, ttl: timedelta, round_id: str | None = None
    ) -> tuple[str | None, dict[str, Any] | None]:
        """Claim ``key`` for ``ttl``: ``(token, None)`` if this request may run, else
        ``(None, record)``."""
        token = secrets.token_hex(16)
        now = datetime.now(UTC)
        self._purge_now_and_then(now)
        with self.engine.begin() as conn:
            try:
                conn.execute(
                    insert(idempotency_records).values(
                        key=key,
                        fingerprint=fingerprint,
                        claim_token=token,
                        created_at=now,
                        expires_at=now + ttl,
                        round_id=round_id,
                    )
                )
                return token, None
            except IntegrityError:
                pass
        with self.engine.begin() as conn:
            forgotten = conn.execute(  # an expired record: the key is free again
                delete(idempotency_records)
                .where(idempotency_records.c.key == key)
                .where(idempotency_records.c.expires_at <= now)
            )
            query = select(idempotency_records).where(idempotency_records.c.key == key)
            row = None if forgotten.rowcount else conn.execute(query).mappings().first()
            if row is not None:
                return self._take_over_if_abandoned(conn, dict(row), fingerprint, token, now)
        return self.claim(key, fingerprint, ttl, round_id)

    @staticmethod
    def _take_over_if_abandoned(
        conn: Connection, record: dict[str, Any], fingerprint: str, token: str, now: datetime
    ) -> tuple[str | None, dict[str, Any] | None]:
        abandoned = (
            record["fingerprint"] == fingerprint
            and record["status_code"] is None
            and record["applied_at"] is None
            and now - _aware(record["created_at"]) > STALE_AFTER
        )
        if not abandoned:
            return None, record
        taken = conn.execute(
            update(idempotency_records)
            .where(idempotency_records.c.key == record["key"])
            .where(idempotency_records.c.claim_token == record["claim_token"])
            .values(claim_token=token, created_at=now)
        )
        return (token, None) if taken.rowcount == 1 else (None, record)

    def complete(self, key: str, token: str, status: int, content_type: str, body: bytes) -> None:
        """Keep a success, and any answer whose write was committed, for the key's repeats.

        Any other answer (a refusal: 401, 403, 409 ...) wrote nothing, so the key is released
        instead: a refusal is never replayed, and a caller who fixes the cause may use the key.
        """
        if not 200 <= status < 300:
            self.release(key, token)
        with self.engine.begin() as conn:
            conn.execute(
                update(idempotency_records)
                .where(idempotency_records.c.key == key)
                .where(idempotency_records.c.claim_token == token)
                .values(status_code=status, content_type=content_type, body=body)
            )

    def _purge_now_and_then(self, now: datetime) -> None:
        """Delete expired records, at most every ``PURGE_EVERY`` per database and process."""
        url = str(self.engine.url)
        if now - _last_purge.get(url, datetime.min.replace(tzinfo=UTC)) < PURGE_EVERY:
            return
        _last_purge[url] = now
        with self.engine.begin() as conn:
            conn.execute(delete(idempotency_records).where(idempotency_records.c.expires_at <= now))

    def release(self, key: str, token: str) -> None:
        """Forget a claim whose request failed before it wrote anything, so it can be retried.
        A claim whose write was committed stays: running the request again would repeat it."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(idempotency_records)
                .where(idempotency_records.c.key == key)
                .where(idempotency_records.c.claim_token == token)
                .where(idempotency_records.c.applied_at.is_(None))
            )


def is_applied_without_answer(record: dict[str, Any]) -> bool:
    """The write was committed but its process died before the answer was stored."""
    if record["status_code"] is not None or record["applied_at"] is None:
        return False
    return datetime.now(UTC) - _aware(record["created_at"]) > STALE_AFTER


def attach_claim(session: Session) -> None:
    """Fence this session's commits with the current request's claim, if any."""
    claim = current_claim.get()
    if claim is not None:
        session.info[SESSION_CLAIM] = claim


@event.listens_for(Session, "before_commit")
def _fence(session: Session) -> None:
    claim = session.info.get(SESSION_CLAIM)
    if claim is None:
        return
    key, token = claim
    marked = session.connection().execute(
        update(idempotency_records)
        .where(idempotency_records.c.key == key)
        .where(idempotency_records.c.claim_token == token)
        .values(applied_at=datetime.now(UTC))
    )
    if marked.rowcount != 1:
        raise ClaimTakenOver()
