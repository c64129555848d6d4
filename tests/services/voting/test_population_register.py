"""The population register adapter against a real HTTP server on loopback."""

import json
import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.voting.main import create_app
from services.voting.settings import VotingSettings
from tests.services.helpers import assert_problem
from tests.services.voting.conftest import (
    ROUND,
    ballot_body,
    cast,
    open_ballot,
    personnummer,
    token_headers,
)
from tests.services.voting.loopback import serve

ADULT = personnummer(date(1980, 5, 17))
CHILD = personnummer(date(2020, 5, 17))
UNREGISTERED = personnummer(date(1975, 3, 3))
BROKEN = personnummer(date(1966, 6, 6))
REGISTER = {
    ADULT.replace("-", ""): {"birthdate": "1980-05-17", "kommun": "2321", "area": "Järpen"},
    CHILD.replace("-", ""): {"birthdate": "2020-05-17", "kommun": "2321", "area": None},
}
RULES = {"eligibility": {"min_age": 16, "kommun": "2321"}}


class Register:
    """What the register saw, and its answers."""

    def __init__(self) -> None:
        self.asked: list[dict[str, Any]] = []

    def lookup(self, body: bytes) -> tuple[int, Any]:
        request = json.loads(body)
        self.asked.append(request)
        if request["identity"] == BROKEN.replace("-", ""):
            return 500, {"detail": "database down"}
        entry = REGISTER.get(request["identity"])
        return (200, entry) if entry else (404, {"detail": "not registered"})


@pytest.fixture
def register() -> Register:
    return Register()


@pytest.fixture
def app_settings(database_url: str, register: Register) -> Iterator[VotingSettings]:
    with serve({"/lookup": register.lookup}) as url:
        yield VotingSettings(database_url=database_url, population_register_url=url)


def test_the_register_decides_over_the_tokens_claims(
    client: TestClient, system: dict[str, str], register: Register
) -> None:
    open_ballot(client, system, **RULES)
    # The token claims another kommun and no birth date; the register knows better.
    assert cast(client, token_headers(ADULT, kommun="Östersund"), [1]).status_code == 201
    child = cast(client, token_headers(CHILD, birthdate="1990-01-01"), [1])
    assert "fyllt 16 år" in assert_problem(child, 403, "not-eligible")["detail"]
    assert register.asked == [
        {"identity": ADULT.replace("-", "")},
        {"identity": CHILD.replace("-", "")},
    ]


def test_someone_not_in_the_register_is_refused(client: TestClient, system: dict[str, str]) -> None:
    open_ballot(client, system, **RULES)
    answer = cast(client, token_headers(UNREGISTERED, kommun="2321"), [1])
    assert "folkbokföringen" in assert_problem(answer, 403, "not-eligible")["detail"]


def test_a_failing_register_is_a_retryable_503(client: TestClient, system: dict[str, str]) -> None:
    open_ballot(client, system, **RULES)
    answer = cast(client, token_headers(BROKEN), [1])
    assert "Folkbokföringen svarar inte" in assert_problem(answer, 503)["detail"]
    assert answer.headers["retry-after"] == "5"


def test_the_register_is_not_asked_when_the_round_has_no_residence_rules(
    client: TestClient, system: dict[str, str], register: Register
) -> None:
    open_ballot(client, system, eligibility={"companies": True})
    assert cast(client, token_headers(UNREGISTERED), [1]).status_code == 201
    assert register.asked == []


def test_an_unreachable_register_is_a_503_not_a_crash(
    database_url: str, system: dict[str, str]
) -> None:
    with serve({}) as url:
        gone = url  # nothing listens there once the block ends
    settings = VotingSettings(database_url=database_url, population_register_url=gone)
    with TestClient(create_app(settings)) as client:
        open_ballot(client, system, **RULES)
        assert_problem(cast(client, token_headers(ADULT), [1]), 503)


def test_without_a_url_the_register_is_off_and_says_so(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="services.voting.population_register"):
        app = create_app(VotingSettings(database_url=database_url, population_register_url=""))
    app.state.engine.dispose()
    assert "population register off" in caplog.text


def test_the_voters_pots_ask_the_register_once(
    client: TestClient, system: dict[str, str], register: Register
) -> None:
    """Every pot's rules need the register; the answer is the same for each, so one lookup."""
    rules = {"min_age": 16, "kommun": "2321"}
    project = {"ballot_type": "approval", "max_choices": 1, "budget": 50_000}
    pots = [
        {"pot": "kommun", "name": "Hela kommunen", "eligibility": rules, **project},
        {"pot": "jarpen", "name": "Järpen", "area": "Järpen", **project}
        | {"eligibility": rules | {"areas": ["Järpen"]}},
        {"pot": "are", "name": "Åre", "area": "Åre", **project}
        | {"eligibility": rules | {"areas": ["Åre"]}},
    ]
    for n, pot in enumerate(pots, start=1):
        pot["projects"] = [{"project_id": n, "cost": 10_000}]
    assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
    answer = client.put(f"/rounds/{ROUND}/pots", json={"pots": pots}, headers=system)
    assert answer.status_code == 200, answer.text
    mine = client.get(f"/rounds/{ROUND}/pots/mine", headers=token_headers(ADULT, area="Åre"))
    assert [p["pot"] for p in mine.json()] == ["kommun", "jarpen"]
    assert register.asked == [{"identity": ADULT.replace("-", "")}]
