"""Idempotency keys: a repeated request with the same ``Idempotency-Key`` gets the first answer.

The workflow's activities retry after timeouts and crashes; every write they make carries a key
built from the workflow id and the business step. This ASGI middleware stores the first
non-5xx answer per key and replays it, so a retried activity never writes twice. A key reused
for a different request is refused (422), and a key whose first request is still running gets a
retryable 503.
"""

import hashlib
import json
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
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.fast_lane import read_body

HEADER = b"idempotency-key"
MAX_KEY_LENGTH = 200
STALE_AFTER = timedelta(minutes=2)
_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

idempotency_metadata = MetaData()
idempotency_records = Table(
    "idempotency_record",
    idempotency_metadata,
    Column("key", String(MAX_KEY_LENGTH), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("content_type", String(100), nullable=True),
    Column("body", LargeBinary, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def _problem(status: int, code: str, detail: str) -> tuple[int, bytes]:
    body = {
        "type": f"https://medborgarbudget.se/problem/{code}",
        "title": "Idempotensnyckel",
        "status": status,
        "detail": detail,
    }
    return status, json.dumps(body, ensure_ascii=False).encode()


class IdempotencyStore:
    """Claims, completes and replays keys in the service's own database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def claim(self, key: str, fingerprint: str) -> dict[str, Any] | None:
        """Claim ``key``; return ``None`` if claimed now, else the existing record."""
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            try:
                conn.execute(
                    insert(idempotency_records).values(
                        key=key, fingerprint=fingerprint, created_at=now
                    )
                )
                return None
            except IntegrityError:
                pass
        with self.engine.begin() as conn:
            row = (
                conn.execute(select(idempotency_records).where(idempotency_records.c.key == key))
                .mappings()
                .first()
            )
            if row is None:
                return self.claim(key, fingerprint)
            created = row["created_at"]
            if created.tzinfo is None:
                created = created.replace(tzinfo=UTC)
            stale = row["status_code"] is None and now - created > STALE_AFTER
            if stale and row["fingerprint"] == fingerprint:
                conn.execute(
                    update(idempotency_records)
                    .where(idempotency_records.c.key == key)
                    .values(created_at=now)
                )
                return None
            return dict(row)

    def complete(self, key: str, status: int, content_type: str, body: bytes) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(idempotency_records)
                .where(idempotency_records.c.key == key)
                .values(status_code=status, content_type=content_type, body=body)
            )

    def release(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(idempotency_records).where(idempotency_records.c.key == key))


class IdempotencyMiddleware:
    """Pure ASGI middleware; finds the engine on ``app.state.engine`` at request time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        raw_key = dict(scope["headers"]).get(HEADER)
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1").strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            detail = f"Idempotency-Key måste vara 1-{MAX_KEY_LENGTH} tecken."
            await _send(send, *_problem(400, "idempotency-key-invalid", detail))
            return
        body = await read_body(receive)
        digest = hashlib.sha256()
        for part in (scope["method"], scope["path"], scope.get("query_string", b"")):
            digest.update(part.encode() if isinstance(part, str) else part)
            digest.update(b"\0")
        digest.update(body)
        fingerprint = digest.hexdigest()
        store = IdempotencyStore(scope["app"].state.engine)
        existing = await run_in_threadpool(store.claim, key, fingerprint)
        if existing is not None:
            await _answer_existing(send, existing, fingerprint)
            return
        await self._run_and_store(scope, body, send, store, key)

    async def _run_and_store(
        self, scope: Scope, body: bytes, send: Send, store: IdempotencyStore, key: str
    ) -> None:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        delivered = False

        async def replay_receive() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_receive, capture_send)
        except BaseException:
            await run_in_threadpool(store.release, key)
            raise
        status = int(start.get("status", 500))
        if status >= 500:
            await run_in_threadpool(store.release, key)
            return
        headers = dict(start.get("headers", []))
        content_type = headers.get(b"content-type", b"application/json").decode("latin-1")
        await run_in_threadpool(store.complete, key, status, content_type, b"".join(chunks))


async def _answer_existing(send: Send, record: dict[str, Any], fingerprint: str) -> None:
    if record["fingerprint"] != fingerprint:
        detail = "Idempotency-Key har redan använts för en annan begäran."
        await _send(send, *_problem(422, "idempotency-key-reused", detail))
    elif record["status_code"] is None:
        detail = "En begäran med samma Idempotency-Key pågår. Försök igen om en stund."
        await _send(send, *_problem(503, "idempotency-key-in-progress", detail), retry=True)
    else:
        await _send(
            send,
            record["status_code"],
            record["body"] or b"",
            content_type=record["content_type"] or "application/json",
            replayed=True,
        )


async def _send(
    send: Send,
    status: int,
    body: bytes,
    *,
    content_type: str = "application/problem+json",
    replayed: bool = False,
    retry: bool = False,
) -> None:
    headers = [
        (b"content-type", content_type.encode("latin-1")),
        (b"content-length", str(len(body)).encode()),
    ]
    if replayed:
        headers.append((b"idempotent-replayed", b"true"))
    if retry:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
