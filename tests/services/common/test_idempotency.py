import hashlib
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, update

from services.common.auth import Role
from services.common.idempotency import idempotency_records
from services.common.idempotency_store import STALE_AFTER
from tests.conftest import TokenFactory
from tests.services.common.app_fixture import make_app


def test_repeat_with_same_key_replays_first_answer_and_writes_once(
    database_url: str, auth: TokenFactory
) -> None:
    headers = {**auth(Role.SYSTEM), "Idempotency-Key": "round-1:notes.add"}
    with TestClient(make_app(database_url)) as client:
        first = client.post("/notes", json={"text": "a"}, headers=headers)
        second = client.post("/notes", json={"text": "a"}, headers=headers)
        listing = client.get("/notes").json()
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert listing["total"] == 1


def test_same_key_for_a_different_request_is_refused(database_url: str, auth: TokenFactory) -> None:
    headers = {**auth(Role.SYSTEM), "Idempotency-Key": "k"}
    with TestClient(make_app(database_url)) as client:
        client.post("/notes", json={"text": "a"}, headers=headers)
        reused = client.post("/notes", json={"text": "b"}, headers=headers)
        listing = client.get("/notes").json()
    assert reused.status_code == 422
    assert reused.headers["content-type"] == "application/problem+json"
    assert reused.json()["type"].endswith("/idempotency-key-reused")
    assert listing["items"] == ["a"]


def test_client_errors_are_replayed_but_server_errors_release_the_key(
    database_url: str, auth: TokenFactory
) -> None:
    app = make_app(database_url)
    with TestClient(app, raise_server_exceptions=False) as client:
        refused = [
            client.post("/refuse", headers={**auth(Role.SYSTEM), "Idempotency-Key": "r"})
            for _ in range(2)
        ]
        broken = client.post("/boom", headers={**auth(Role.SYSTEM), "Idempotency-Key": "b"})
    assert [r.status_code for r in refused] == [409, 409]
    assert refused[1].headers["idempotent-replayed"] == "true"
    assert broken.status_code == 500
    with app.state.engine.connect() as conn:
        keys = set(conn.execute(select(idempotency_records.c.key)).scalars())
    assert keys == {"r"}


def test_overlong_key_is_a_client_error(database_url: str, auth: TokenFactory) -> None:
    with TestClient(make_app(database_url)) as client:
        answer = client.post(
            "/notes",
            json={"text": "a"},
            headers={**auth(Role.SYSTEM), "Idempotency-Key": "x" * 201},
        )
        listing = client.get("/notes").json()
    assert answer.status_code == 400
    assert listing["total"] == 0


def test_requests_without_key_are_not_recorded(database_url: str, auth: TokenFactory) -> None:
    app = make_app(database_url)
    with TestClient(app) as client:
        client.post("/notes", json={"text": "a"}, headers=auth(Role.SYSTEM))
        client.post("/notes", json={"text": "b"}, headers=auth(Role.SYSTEM))
        assert client.get("/notes").json()["total"] == 2
    with app.state.engine.connect() as conn:
        assert conn.execute(select(idempotency_records)).first() is None


def _age_claims(app: FastAPI, seconds: int) -> None:
    """Make every open claim look as old as a crashed process's."""
    with app.state.engine.begin() as conn:
        conn.execute(
            update(idempotency_records).values(
                created_at=datetime.now(UTC) - timedelta(seconds=seconds)
            )
        )


def test_a_write_committed_before_a_crash_is_never_repeated(
    database_url: str, auth: TokenFactory
) -> None:
    app = make_app(database_url)
    headers = {**auth(Role.SYSTEM), "Idempotency-Key": "crash-1"}
    with TestClient(app, raise_server_exceptions=False) as client:
        crashed = client.post("/notes/then-crash", json={"text": "a"}, headers=headers)
        soon = client.post("/notes/then-crash", json={"text": "a"}, headers=headers)
        _age_claims(app, seconds=STALE_AFTER.seconds + 1)
        later = client.post("/notes/then-crash", json={"text": "a"}, headers=headers)
        listing = client.get("/notes").json()
    assert crashed.status_code == 500
    assert soon.status_code == 503
    assert soon.headers["retry-after"] == "1"
    assert later.status_code == 409
    assert later.json()["type"].endswith("/idempotency-key-applied")
    assert listing["items"] == ["a"]


def test_an_abandoned_claim_is_taken_over_and_the_write_happens_once(
    database_url: str, auth: TokenFactory
) -> None:
    app = make_app(database_url)
    with app.state.engine.begin() as conn:  # a process died after claiming, before writing
        conn.execute(
            insert(idempotency_records).values(
                key="k1",
                fingerprint=_fingerprint("/notes", b'{"text": "a"}'),
                claim_token="dead",
                created_at=datetime.now(UTC) - STALE_AFTER - timedelta(seconds=1),
            )
        )
    headers = {**auth(Role.SYSTEM), "Idempotency-Key": "k1", "Content-Type": "application/json"}
    with TestClient(app) as client:
        first = client.post("/notes", content=b'{"text": "a"}', headers=headers)
        again = client.post("/notes", content=b'{"text": "a"}', headers=headers)
        listing = client.get("/notes").json()
    assert first.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert listing["items"] == ["a"]


def test_a_slow_request_overtaken_by_its_retry_cannot_commit(
    database_url: str, auth: TokenFactory
) -> None:
    app = make_app(database_url)
    headers = {**auth(Role.SYSTEM), "Idempotency-Key": "slow"}
    with TestClient(app) as client:
        answer = client.post("/notes/overtaken", json={"text": "a"}, headers=headers)
        listing = client.get("/notes").json()
    assert answer.status_code == 503
    assert answer.json()["type"].endswith("/idempotency-claim-taken-over")
    assert listing["total"] == 0
    with app.state.engine.connect() as conn:  # the retry's claim is untouched
        tokens = list(conn.execute(select(idempotency_records.c.claim_token)).scalars())
    assert tokens == ["a-retry"]


def _fingerprint(path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (b"POST", path.encode(), b""):
        digest.update(part)
        digest.update(b"\0")
    digest.update(body)
    return digest.hexdigest()
