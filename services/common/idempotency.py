"""Idempotency keys: a repeated request with the same ``Idempotency-Key`` gets the first answer.

The workflow's activities retry after timeouts and crashes; every write they make carries a key
built from the workflow id and the business step. This ASGI middleware stores the first
successful answer per caller and key and replays it, so a retried activity never writes twice.
A key belongs to the caller whose verified token sent it (idempotency_store.record_key): a
request without a valid token never claims nor replays a key, and a refusal (any non-2xx
answer that wrote nothing) is not kept, so nobody can plant an answer for another's request.
A key reused for a different request is refused (422), and a key whose first request is still
running gets a retryable 503. The request's database commit is fenced by its claim
(idempotency_store), so a retry after a crash never repeats a write: if the first attempt
committed but died before it answered, the retry is told so (409 ``idempotency-key-applied``)
instead of writing again.
"""

import hashlib
import json
from datetime import timedelta
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.common.auth import Role, authenticate
from services.common.body_limit import read_body
from services.common.errors import Problem
from services.common.idempotency_store import (
    MAX_KEY_LENGTH,
    PERSON_TTL,
    SYSTEM_TTL,
    IdempotencyStore,
    current_claim,
    idempotency_metadata,
    idempotency_records,
    is_applied_without_answer,
    record_key,
)
from services.common.plain_request import WRITE_METHODS, round_in_path

__all__ = ["IdempotencyMiddleware", "idempotency_metadata", "idempotency_records"]

HEADER = b"idempotency-key"


def _problem(status: int, code: str, detail: str) -> tuple[int, bytes]:
    body = {
        "type": f"https://medborgarbudget.se/problem/{code}",
        "title": "Idempotensnyckel",
        "status": status,
        "detail": detail,
    }
    return status, json.dumps(body, ensure_ascii=False).encode()


class IdempotencyMiddleware:
    """Pure ASGI middleware; finds the engine on ``app.state.engine`` at request time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw_key = headers.get(HEADER)
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1").strip()
        if not key or len(key) > MAX_KEY_LENGTH:
            detail = f"Idempotency-Key måste vara 1-{MAX_KEY_LENGTH} tecken."
            await _send(send, *_problem(400, "idempotency-key-invalid", detail))
            return
        # The first Authorization header, the one the route authenticates (Starlette's get).
        authorization = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        owner = await _owner(scope, authorization)
        if owner is None:  # the route refuses it (or serves anyone): no key to claim
            await self.app(scope, receive, send)
            return
        name, ttl = owner
        key = record_key(scope["app"].state.settings.pseudonym_secret, name, key)
        body = await read_body(receive)
        digest = hashlib.sha256()
        for part in (scope["method"], scope["path"], scope.get("query_string", b"")):
            digest.update(part.encode() if isinstance(part, str) else part)
            digest.update(b"\0")
        digest.update(body)
        fingerprint = digest.hexdigest()
        store = IdempotencyStore(scope["app"].state.engine)
        round_id = round_in_path(scope["path"])
        token, existing = await run_in_threadpool(store.claim, key, fingerprint, ttl, round_id)
        if token is None:
            assert existing is not None
            await _answer_existing(send, existing, fingerprint)
            return
        await self._run_and_store(scope, body, send, store, key, token)

    async def _run_and_store(
        self, scope: Scope, body: bytes, send: Send, store: IdempotencyStore, key: str, token: str
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

        claim = current_claim.set((key, token))
        try:
            await self.app(scope, replay_receive, capture_send)
        except BaseException:
            await run_in_threadpool(store.release, key, token)
            raise
        finally:
            current_claim.reset(claim)
        status = int(start.get("status", 500))
        if status >= 500:
            await run_in_threadpool(store.release, key, token)
            return
        headers = dict(start.get("headers", []))
        content_type = headers.get(b"content-type", b"application/json").decode("latin-1")
        await run_in_threadpool(store.complete, key, token, status, content_type, b"".join(chunks))


async def _owner(scope: Scope, header: bytes | None) -> tuple[str, timedelta] | None:
    """Who owns the key (the verified caller, as person or workflow) and for how long;
    ``None`` without a valid token."""
    if header is None:
        return None
    state = scope["app"].state
    cache = getattr(state, "verified_tokens", None)
    try:
        caller = await authenticate(state.settings, header.decode("latin-1"), cache)
    except Problem:
        return None
    kind, ttl = ("system", SYSTEM_TTL) if Role.SYSTEM in caller.roles else ("person", PERSON_TTL)
    return f"{kind}\0{caller.claims.get('iss', '')}\0{caller.subject}", ttl


async def _answer_existing(send: Send, record: dict[str, Any], fingerprint: str) -> None:
    if record["fingerprint"] != fingerprint:
        detail = "Idempotency-Key har redan använts för en annan begäran."
        await _send(send, *_problem(422, "idempotency-key-reused", detail))
    elif is_applied_without_answer(record):
        detail = (
            "Begäran med samma Idempotency-Key har redan genomförts, men svaret gick förlorat. "
            "Hämta resultatet i stället för att skicka begäran igen."
        )
        await _send(send, *_problem(409, "idempotency-key-applied", detail))
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
