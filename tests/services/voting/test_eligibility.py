"""Eligibility from the token's claims: age on the last voting day, kommun, area, companies."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.age_bands import age_on
from services.common.auth import Role
from services.voting.eligibility import last_voting_day
from tests.services.helpers import assert_problem
from tests.services.voting.conftest import (
    cast,
    open_ballot,
    personnummer,
    stored_ballots,
    token_headers,
)

# Voting closes 23:59 Swedish summer time on 21 June 2030: that is the last voting day.
CLOSES = {"closes_at": "2030-06-21T21:59:00+00:00"}
COMPANY = "556000-0001"  # a valid organisationsnummer (Luhn)


def _rules(**eligibility: Any) -> dict[str, Any]:
    return {**CLOSES, "eligibility": eligibility}


@pytest.mark.parametrize(
    ("born", "status"),
    [(date(2014, 6, 21), 201), (date(2014, 6, 22), 403), (date(1950, 1, 1), 201)],
)
def test_minimum_age_is_reached_by_the_last_voting_day(
    client: TestClient, system: dict[str, str], born: date, status: int
) -> None:
    open_ballot(client, system, **_rules(min_age=16))
    answer = cast(client, token_headers(personnummer(born)), [1])
    assert answer.status_code == status, answer.text
    if status == 403:
        problem = assert_problem(answer, 403, "not-eligible")
        assert "fyllt 16 år senast 2030-06-21" in problem["detail"]
        assert "You must be 16 by 2030-06-21" in problem["detail"]
        assert stored_ballots(client) == []


def test_the_birthdate_claim_serves_when_the_subject_is_no_personnummer(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system, **_rules(min_age=16))
    assert cast(client, token_headers("idp-7f3a", birthdate="2000-02-29"), [1]).status_code == 201
    unknown = cast(client, token_headers("idp-9c1d"), [1])
    assert "födelsedatum" in assert_problem(unknown, 403, "not-eligible")["detail"]


@pytest.mark.parametrize(
    ("claims", "status"),
    [
        ({"kommun": "Åre", "area": "Järpen"}, 201),
        ({"kommun": " åre ", "area": "järpen"}, 201),
        ({"kommun": "Östersund", "area": "Järpen"}, 403),
        ({"area": "Järpen"}, 403),
        ({"kommun": "Åre", "area": "Hallen"}, 403),
        ({"kommun": "Åre"}, 403),
    ],
)
def test_kommun_and_area_must_match_the_rounds(
    client: TestClient, system: dict[str, str], claims: dict[str, str], status: int
) -> None:
    open_ballot(client, system, **_rules(kommun="Åre", areas=["Järpen", "Undersåker"]))
    answer = cast(client, token_headers("voter-1", **claims), [1])
    assert answer.status_code == status, answer.text
    if status == 403:
        assert_problem(answer, 403, "not-eligible")


def test_companies_are_refused_unless_the_round_lets_them_vote(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    company = token_headers("anna", Role.COMPANY, organisationsnummer=COMPANY)
    problem = assert_problem(cast(client, company, [1]), 403, "not-eligible")
    assert "röstar invånare, inte företag" in problem["detail"]


def test_a_company_votes_once_whoever_represents_it(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system, **_rules(companies=True, kommun="Åre"))
    anna = token_headers("anna", Role.COMPANY, organisationsnummer=COMPANY, kommun="Åre")
    bo = token_headers("bo", Role.COMPANY, organisationsnummer="5560000001", kommun="Åre")
    assert cast(client, anna, [1]).status_code == 201
    second = cast(client, bo, [2])
    assert second.status_code == 200
    assert second.json()["replaced"] is True
    assert [b.choices for b in stored_ballots(client)] == [[2]]


@pytest.mark.parametrize("claims", [{}, {"organisationsnummer": "556000-0002"}])
def test_a_company_token_needs_a_valid_organisationsnummer(
    client: TestClient, system: dict[str, str], claims: dict[str, str]
) -> None:
    open_ballot(client, system, **_rules(companies=True))
    answer = cast(client, token_headers("anna", Role.COMPANY, **claims), [1])
    assert "rganisationsnum" in assert_problem(answer, 403, "not-eligible")["detail"]


def test_every_spelling_of_a_personnummer_is_one_voter(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    number = personnummer(date(1990, 1, 1))
    assert cast(client, token_headers(number), [1]).status_code == 201
    assert cast(client, token_headers(number.replace("-", "")), [2]).status_code == 200
    assert cast(client, token_headers(number[2:]), [3]).status_code == 200
    assert [b.choices for b in stored_ballots(client)] == [[3]]


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2012, 2, 29), date(2028, 2, 28), 15),
        (date(2012, 2, 29), date(2028, 2, 29), 16),
        (date(2012, 2, 29), date(2029, 2, 28), 16),
        (date(2013, 2, 28), date(2029, 3, 1), 16),
        (date(2013, 3, 1), date(2029, 2, 28), 15),
    ],
)
def test_age_counts_whole_years(born: date, day: date, age: int) -> None:
    assert age_on(born, day) == age


@pytest.mark.parametrize(
    ("closes_at", "day"),
    [
        (datetime(2030, 6, 21, 21, 59, tzinfo=UTC), date(2030, 6, 21)),
        (datetime(2030, 6, 21, 22, 0, tzinfo=UTC), date(2030, 6, 21)),  # closes at midnight
        (datetime(2030, 12, 1, 23, 30, tzinfo=UTC), date(2030, 12, 2)),  # 00:30 in Stockholm
    ],
)
def test_the_last_voting_day_is_a_swedish_calendar_day(closes_at: datetime, day: date) -> None:
    assert last_voting_day(closes_at) == day
