"""Participation by area, age band and channel: what a ballot keeps about its voter, and the
published counts with small groups hidden."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.age_bands import age_band
from services.common.small_cells import suppress_small_cells
from tests.services.voting.conftest import (
    ROUND,
    cast,
    open_ballot,
    personnummer,
    stored_ballots,
    token_headers,
)


def _statistics(client: TestClient, system: dict[str, str]) -> dict[str, Any]:
    assert client.post(f"/rounds/{ROUND}/close", headers=system).is_success
    answer = client.get(f"/rounds/{ROUND}/statistics")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _paper(client: TestClient, official: dict[str, str], number: str, **fields: Any) -> None:
    body = {"voter": number, "polling_place": "Åre kommunhus", "choices": [1], **fields}
    answer = client.post(f"/rounds/{ROUND}/paper-ballots", json=body, headers=official)
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2010, 6, 2), "0-15"),  # 15 on the day
        (date(2010, 6, 1), "16-17"),  # 16 that very day
        (date(2008, 6, 2), "16-17"),
        (date(2008, 6, 1), "18-24"),
        (date(2001, 6, 1), "25-34"),
        (date(1991, 6, 2), "25-34"),
        (date(1976, 6, 2), "35-49"),
        (date(1961, 6, 2), "50-64"),
        (date(1961, 6, 1), "65+"),
        (None, None),
    ],
)
def test_age_band_on_the_last_voting_day(born: date | None, band: str | None) -> None:
    assert age_band(born, date(2026, 6, 1)) == band


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"a": 9, "b": 7, "c": 0}, {"a": 9, "b": 7, "c": 0}),
        # One small group would be given away by the total: the next smallest hides too.
        ({"a": 9, "b": 7, "c": 2}, {"a": 9, "b": None, "c": None}),
        # Two small groups hiding fewer than five together: one more.
        ({"a": 9, "b": 7, "c": 2, "d": 1}, {"a": 9, "b": None, "c": None, "d": None}),
        ({"a": 9, "b": 3, "c": 2, "e": 0}, {"a": 9, "b": None, "c": None, "e": 0}),
        # With one group of voters, the empty ones hide too, or the total tells.
        ({"online": 3, "paper": 0}, {"online": None, "paper": None}),
        ({}, {}),
    ],
)
def test_small_cells_are_hidden_so_that_the_total_gives_none_away(
    counts: dict[str, int], shown: dict[str, int | None]
) -> None:
    result = suppress_small_cells(counts, 5)
    assert (result.counts, result.suppressed) == (shown, shown != counts)


def test_a_ballot_keeps_area_and_age_band_but_no_birth_date(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    open_ballot(client, system)
    online = token_headers("resident-1", birthdate="1990-05-05", area="Centrum")
    assert cast(client, online, [1]).status_code == 201
    _paper(client, official, personnummer(date(1950, 1, 1)))
    rows = {row.channel: row for row in stored_ballots(client)}
    assert (rows["online"].area, rows["online"].age_band) == ("Centrum", "35-49")
    assert (rows["paper"].area, rows["paper"].age_band) == (None, "65+")
    stored = str([row.model_dump() for row in rows.values()])
    assert "1990-05-05" not in stored and "resident-1" not in stored and "1950" not in stored


def test_a_new_ballot_brings_the_voters_current_area(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    assert cast(client, token_headers("r", birthdate="2000-01-01", area="Norr"), [1]).is_success
    assert cast(client, token_headers("r", birthdate="2000-01-01", area="Söder"), [2]).is_success
    [row] = stored_ballots(client)
    assert (row.area, row.age_band, row.revision) == ("Söder", "25-34", 2)


def test_participation_by_area_age_band_and_channel_after_close(
    client: TestClient, system: dict[str, str], official: dict[str, str]
) -> None:
    open_ballot(client, system, eligibility={"areas": ["Centrum", "Ytterby", "Norr", "Söder"]})
    for index in range(6):  # six in Centrum aged 25-34, one spelling it in lower case
        area = "centrum" if index == 0 else "Centrum"
        headers = token_headers(f"r{index}", birthdate="1995-03-01", area=area)
        assert cast(client, headers, [1]).status_code == 201
    lone = token_headers("lone", birthdate="1940-03-01", area="Norr")
    assert cast(client, lone, [2]).status_code == 201
    for day in range(1, 6):  # five paper ballots in Ytterby, aged 50-64
        _paper(client, official, personnummer(date(1970, 1, day)), area="Ytterby")
    statistics = _statistics(client, system)
    assert statistics["min_cell"] == 5
    assert statistics["by_area"] == {
        "counts": {"Centrum": 6, "Norr": None, "Söder": 0, "Ytterby": None},
        "suppressed": True,
    }
    assert statistics["by_age_band"]["counts"] == {
        "0-15": 0,
        "16-17": 0,
        "18-24": 0,
        "25-34": 6,
        "35-49": 0,
        "50-64": None,
        "65+": None,
        "unknown": 0,
    }
    assert statistics["by_channel"] == {"counts": {"online": 7, "paper": 5}, "suppressed": False}
    assert statistics["channels"] == {"online": 7, "paper": 5}
    assert sum(statistics["ballots_per_day"].values()) == statistics["ballot_count"] == 12


def test_unknown_area_and_age_are_a_group_of_their_own(
    client: TestClient, system: dict[str, str]
) -> None:
    open_ballot(client, system)
    for index in range(5):  # no claims, and subjects that are not personnummer
        assert cast(client, token_headers(f"anon-{index}"), [1]).status_code == 201
    statistics = _statistics(client, system)
    assert statistics["by_area"]["counts"] == {"unknown": 5}
    assert statistics["by_age_band"]["counts"]["unknown"] == 5
    assert not statistics["by_age_band"]["suppressed"]
