import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, update

from services.common.auth import Role
from services.common.idempotency import idempotency_records
from services.common.idempotency_store import STALE_AFTER, SYSTEM_TTL, record_key
from services.common.settings import DEV_PSEUDONYM_SECRET
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


def test_refusals_and_server_errors_release_the_key(database_url: str, auth: TokenFactory) -> None:
    """A refusal wrote nothing: it is not kept, so it can never be replayed to anyone."""
    app = make_app(database_url)
    with TestClient(app, raise_server_exceptions=False) as client:
        refused = [
            client.post("/refuse", headers={**auth(Role.SYSTEM), "Idempotency-Key": "r"})
            for _ in range(2)
        ]
        broken = client.post("/boom", headers={**auth(Role.SYSTEM), "Idempotency-Key": "b"})
    assert [r.status_code for r in refused] == [409, 409]
    assert "idempotent-replayed" not in refused[1].headers
    assert broken.status_code == 500
    with app.state.engine.connect() as conn:
        assert conn.execute(select(idempotency_records)).first() is None
    app.state.engine.dispose()  # used after the lifespan: closed here


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
    app.state.engine.dispose()  # used after the lifespan: closed here


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
                key=record_key(DEV_PSEUDONYM_SECRET, _owner("system", "user-1"), "k1"),
                fingerprint=_fingerprint("/notes", b'{"text": "a"}'),
                claim_token="dead",
                created_at=datetime.now(UTC) - STALE_AFTER - timedelta(seconds=1),
                expires_at=datetime.now(UTC) + timedelta(hours=1),
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
    app.state.engine.dispose()  # used after the lifespan: closed here
    assert tokens == ["a-retry"]


def _fingerprint(path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (b"POST", path.encode(), b""):
        digest.update(part)
        digest.update(b"\0")
    digest.update(body)
    return digest.hexdigest()


def _owner(kind: str, subject: str) -> str:
    return f"{kind}\0medborgarbudget-dev\0{subject}"


def test_a_key_is_the_callers_own_and_never_replays_to_another(
    database_url: str, auth: TokenFactory
) -> None:
    """Issue 18 finding 1: voter B sending A's key and body got A's answer."""
    body = {"text": "a"}
    with TestClient(make_app(database_url)) as client:
        first = client.post("/notes", json=body, headers=_keyed(auth(Role.SYSTEM), "shared"))
        other = client.post(
            "/notes", json=body, headers=_keyed(auth(Role.SYSTEM, subject="user-2"), "shared")
        )
    assert first.status_code == 201
    assert "idempotent-replayed" not in other.headers
    assert other.status_code == 409  # ran for its own caller: the unique text is taken


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic x"])
def test_a_request_without_a_valid_token_neither_claims_nor_replays(
    database_url: str, auth: TokenFactory, authorization: str | None
) -> None:
    """Issue 18 finding 1: an anonymous 401 stored under the workflow's key failed the round."""
    app = make_app(database_url)
    stranger = {"Authorization": authorization} if authorization else {}
    with TestClient(app) as client:
        planted = client.post("/notes", json={"text": "a"}, headers=_keyed(stranger, "r1:close"))
        owner = client.post(
            "/notes", json={"text": "a"}, headers=_keyed(auth(Role.SYSTEM), "r1:close")
        )
        replayed = client.post("/notes", json={"text": "a"}, headers=_keyed(stranger, "r1:close"))
    assert planted.status_code == 401
    assert owner.status_code == 201, owner.text
    assert "idempotent-replayed" not in owner.headers
    assert replayed.status_code == 401
    assert "idempotent-replayed" not in replayed.headers


def test_a_persons_key_never_meets_the_workflows(database_url: str, auth: TokenFactory) -> None:
    """The same subject as person and as workflow: two owners, two keys."""
    app = make_app(database_url)
    with TestClient(app) as client:
        client.post("/notes", json={"text": "a"}, headers=_keyed(auth(Role.SYSTEM), "k"))
        person = client.post("/notes", json={"text": "b"}, headers=_keyed(auth(Role.OFFICIAL), "k"))
    assert person.status_code == 403  # its own request, not "key reused" nor a replay
    assert "idempotent-replayed" not in person.headers


def test_keys_expire_a_person_after_a_day_the_workflow_after_a_rounds_life(
    database_url: str, auth: TokenFactory
) -> None:
    app = make_app(database_url)
    with TestClient(app) as client:
        client.post("/notes", json={"text": "a"}, headers=_keyed(auth(Role.SYSTEM), "k"))
        with app.state.engine.connect() as conn:
            row = conn.execute(select(idempotency_records)).mappings().one()
        lifetime = row["expires_at"].replace(tzinfo=UTC) - datetime.now(UTC)
        assert SYSTEM_TTL - timedelta(minutes=1) < lifetime <= SYSTEM_TTL
        with app.state.engine.begin() as conn:  # the key's time is up
            conn.execute(
                update(idempotency_records).values(expires_at=datetime.now(UTC) - timedelta(1))
            )
        again = client.post("/notes", json={"text": "a"}, headers=_keyed(auth(Role.SYSTEM), "k"))
    assert again.status_code == 409  # run again (the text is taken), not replayed
    assert "idempotent-replayed" not in again.headers


def _keyed(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}
