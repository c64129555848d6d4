from datetime import timedelta
from typing import Any

import httpx
import jwt
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import ServiceSettings
from tests.conftest import TokenFactory
from tests.services.common.app_fixture import make_app
from tests.services.helpers import assert_problem


def _problem(status: int, response: httpx.Response) -> dict[str, Any]:
    return assert_problem(response, status)


def test_validation_errors_name_the_field(database_url: str, auth: TokenFactory) -> None:
    with TestClient(make_app(database_url)) as client:
        answer = client.post("/notes", json={"text": "x" * 21}, headers=auth(Role.SYSTEM))
    body = _problem(422, answer)
    assert body["errors"] == [{"field": "text", "message": body["errors"][0]["message"]}]
    assert "text" in str(body["detail"])


def test_malformed_json_and_bad_query_are_422(database_url: str, auth: TokenFactory) -> None:
    with TestClient(make_app(database_url)) as client:
        broken = client.post(
            "/notes",
            content=b"{not json",
            headers={**auth(Role.SYSTEM), "content-type": "application/json"},
        )
        bad_page = client.get("/notes?limit=0")
    _problem(422, broken)
    _problem(422, bad_page)


def test_integrity_error_becomes_409_and_unknown_errors_500_problem(
    database_url: str, auth: TokenFactory
) -> None:
    with TestClient(make_app(database_url), raise_server_exceptions=False) as client:
        client.post("/notes", json={"text": "dup"}, headers=auth(Role.SYSTEM))
        duplicate = client.post("/notes", json={"text": "dup"}, headers=auth(Role.SYSTEM))
        crash = client.post("/boom", headers=auth(Role.SYSTEM))
        missing = client.get("/nowhere")
    _problem(409, duplicate)
    assert "unexpected" not in str(_problem(500, crash)["detail"])
    _problem(404, missing)


def test_missing_expired_and_forged_tokens_are_401(database_url: str) -> None:
    settings = ServiceSettings()
    expired = issue_token(settings, "u", [Role.SYSTEM], ttl=timedelta(seconds=-5))
    forged = jwt.encode(
        {"sub": "u", "roles": ["system"], "iss": settings.auth_issuer,
         "aud": settings.auth_audience, "exp": 9999999999},
        "a-wrong-secret-of-sufficient-length-0123456789",
        algorithm="HS256",
    )  # fmt: skip
    wrong_audience = jwt.encode(
        {"sub": "u", "roles": ["system"], "iss": settings.auth_issuer,
         "aud": "someone-else", "exp": 9999999999},
        settings.auth_secret,
        algorithm="HS256",
    )  # fmt: skip
    with TestClient(make_app(database_url)) as client:
        answers = [
            client.post("/notes", json={"text": "a"}),
            client.post("/notes", json={"text": "a"}, headers={"Authorization": "Basic x"}),
            *[
                client.post("/notes", json={"text": "a"}, headers={"Authorization": f"Bearer {t}"})
                for t in (expired, forged, wrong_audience)
            ],
        ]
        assert client.get("/notes").json()["total"] == 0
    for answer in answers:
        _problem(401, answer)
        assert answer.headers["www-authenticate"] == "Bearer"
    assert "gått ut" in answers[2].json()["detail"]


def test_wrong_role_is_403_and_right_role_passes(database_url: str, auth: TokenFactory) -> None:
    with TestClient(make_app(database_url)) as client:
        denied = client.get("/officials-only", headers=auth(Role.RESIDENT))
        allowed = client.get("/officials-only", headers=auth(Role.OFFICIAL, name="Anna"))
    assert "official" in str(_problem(403, denied)["detail"])
    assert allowed.json() == {"name": "Anna"}


def test_health_reports_service_name(database_url: str) -> None:
    with TestClient(make_app(database_url)) as client:
        assert client.get("/health").json() == {"status": "ok", "service": "probe"}
