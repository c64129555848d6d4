from fastapi.testclient import TestClient
from sqlalchemy import select

from services.common.auth import Role
from services.common.idempotency import idempotency_records
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
