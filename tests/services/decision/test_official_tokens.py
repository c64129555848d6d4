"""``POST /rounds/{id}/official-tokens/verify``: the workflow's check of a token pasted into an
approval signalled through Temporal. Only a token the kommun's identity provider (here the dev
issuer) signed, unexpired, with the role, for the round's kommun, yields a name."""

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role, issue_token
from services.common.settings import ServiceSettings
from tests.conftest import TokenFactory
from tests.services.decision.conftest import ROUND
from tests.services.helpers import assert_problem

PATH = f"/rounds/{ROUND}/official-tokens/verify"


def _token(*roles: Role, kommun: str = "Åre", **changes: Any) -> str:
    claims = {"kommun": kommun} if kommun else {}
    settings = ServiceSettings(**changes.pop("settings", {}))
    return issue_token(settings, "197001019876", list(roles), claims=claims, **changes)


def test_an_officials_token_of_the_rounds_kommun_gives_the_name(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    token = _token(Role.OFFICIAL, name="Eva Ek", kommun=" åre ")
    answer = client.post(PATH, json={"token": token, "role": "official"}, headers=system)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"name": "Eva Ek"}


@pytest.mark.parametrize(
    ("token", "role", "status", "detail"),
    [
        (_token(Role.OFFICIAL, ttl=timedelta(seconds=-5)), "official", 401, "gått ut"),
        (_token(Role.OFFICIAL, settings={"auth_secret": "x" * 40}), "official", 401, "Ogiltig"),
        ("inte-en-token", "official", 401, "Ogiltig"),
        (_token(Role.OFFICIAL), "council_secretary", 403, "council_secretary"),
        (_token(Role.RESIDENT), "official", 403, "official"),
        (_token(Role.OFFICIAL, kommun="Stockholm"), "official", 403, "annan kommun"),
        (_token(Role.OFFICIAL, kommun=""), "official", 403, "annan kommun"),
    ],
    ids=["expired", "forged", "garbage", "wrong-role", "resident", "other-kommun", "no-kommun"],
)
def test_a_token_that_proves_nothing_is_refused_with_the_reason(
    client: TestClient,
    system: dict[str, str],
    registered: str,
    token: str,
    role: str,
    status: int,
    detail: str,
) -> None:
    answer = client.post(PATH, json={"token": token, "role": role}, headers=system)
    assert_problem(answer, status)
    assert detail in answer.json()["detail"]


def test_only_the_workflow_may_ask_and_only_for_a_known_round(
    client: TestClient, auth: TokenFactory, system: dict[str, str], registered: str
) -> None:
    body = {"token": _token(Role.OFFICIAL), "role": "official"}
    as_official = client.post(PATH, json=body, headers=auth(Role.OFFICIAL))
    unknown = client.post("/rounds/okand-2027/official-tokens/verify", json=body, headers=system)
    assert_problem(as_official, 403)
    assert_problem(unknown, 404)


def test_the_decision_services_own_signals_carry_the_officials_token(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    """What the web pages send reaches the workflow with the token the official signed in
    with, so the workflow verifies it like any other."""
    token = _token(Role.OFFICIAL, name="Eva Ek")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/rounds/{ROUND}/ballot-approval", json={}, headers=headers).is_success
    signalled = client.app.state.signaler.sent  # type: ignore[attr-defined]
    [(_, _, payload)] = signalled
    verified = client.post(
        PATH, json={"token": payload["token"], "role": "official"}, headers=system
    )
    assert verified.json() == {"name": "Eva Ek"}
