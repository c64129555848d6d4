"""Indicators with baselines and spend per project: the share paid to companies in the kommun
is computed from the payments and the supplier register (a fake on loopback); bad input is a
4xx that stores nothing."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.decision.suppliers import SupplierRegister
from tests.conftest import TokenFactory
from tests.services.decision.conftest import OPENING, ROUND
from tests.services.helpers import assert_problem
from tests.supplier_register_fake import (
    LOCAL_SUPPLIER,
    NON_LOCAL_SUPPLIER,
    UNKNOWN_SUPPLIER,
    FakeSupplierRegister,
)

PROJECT_URL = f"/rounds/{ROUND}/projects/2"
BASELINE = {"baseline_value": 3, "baseline_date": "2027-09-01", "target": 8, "source": "SCB"}


@pytest.fixture
def register(app: FastAPI) -> Iterator[FakeSupplierRegister]:
    with FakeSupplierRegister() as fake:
        app.state.suppliers = SupplierRegister(fake.url, timeout=5)
        yield fake


@pytest.fixture
def official(auth: TokenFactory) -> dict[str, str]:
    return auth(Role.OFFICIAL, name="Eva Ek")


def test_a_listed_indicator_takes_name_and_unit_from_the_round(
    client: TestClient, project: int, official: dict[str, str]
) -> None:
    assert [i["key"] for i in client.get(f"/rounds/{ROUND}/indicators").json()] == [
        "lokala-foretag",
        "jobb",
        "besokare",
        "omsattning",
    ]
    url = f"{PROJECT_URL}/local-indicators/lokala-foretag"
    answer = client.put(url, json=BASELINE, headers=official)
    assert answer.status_code == 200, answer.text
    shown = answer.json()
    assert (shown["name"], shown["unit"], shown["own"]) == (
        "Lokala företag som deltar",
        "st",
        False,
    )
    assert (shown["baseline_value"], shown["baseline_date"], shown["target"]) == (
        3,
        "2027-09-01",
        8,
    )
    own = {**BASELINE, "name": "Sålda lokala produkter", "unit": "st"}
    answer = client.put(
        f"{PROJECT_URL}/local-indicators/salda-produkter", json=own, headers=official
    )
    assert answer.status_code == 200, answer.text
    listed = client.get(f"{PROJECT_URL}/local-indicators").json()
    assert [(i["key"], i["own"]) for i in listed] == [
        ("lokala-foretag", False),
        ("salda-produkter", True),
    ]


def test_a_round_sets_its_own_list(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    listed = [{"key": "cafe-besok", "name": "Besök på kaféer", "unit": "besök"}]
    body = {"title": "Medborgarbudget 2027", "kommun": "Åre", "budget": 100_000}
    answer = client.put(f"/rounds/{ROUND}", json={**body, "indicators": listed}, headers=system)
    assert answer.status_code == 200, answer.text
    assert answer.json()["indicators"] == listed
    assert client.get(f"/rounds/{ROUND}/indicators").json() == listed


@pytest.mark.parametrize(
    ("key", "body", "code"),
    [
        ("jobb", {k: v for k, v in BASELINE.items() if k != "baseline_value"}, "validation"),
        ("jobb", {k: v for k, v in BASELINE.items() if k != "baseline_date"}, "validation"),
        ("jobb", {k: v for k, v in BASELINE.items() if k != "source"}, "validation"),
        ("jobb", {**BASELINE, "baseline_value": -1}, "validation"),
        ("eget", BASELINE, "indicator-needs-name"),
        ("Ogiltigt id", BASELINE, "validation"),
    ],
)
def test_an_indicator_without_a_baseline_is_refused_and_not_stored(
    client: TestClient,
    project: int,
    official: dict[str, str],
    key: str,
    body: dict[str, Any],
    code: str,
) -> None:
    answer = client.put(f"{PROJECT_URL}/local-indicators/{key}", json=body, headers=official)
    assert_problem(answer, 422, code)
    assert client.get(f"{PROJECT_URL}/local-indicators").json() == []


def test_spend_share_is_computed_from_the_suppliers_seats(
    client: TestClient, project: int, official: dict[str, str], register: FakeSupplierRegister
) -> None:
    payments = [
        ("2027-10-02", 30_000, LOCAL_SUPPLIER, "Markarbete"),
        ("2027-10-20", 10_000, NON_LOCAL_SUPPLIER, "Projektering"),
        ("2027-11-05", 10_000, UNKNOWN_SUPPLIER, "Skyltar"),
    ]
    for paid_on, amount, supplier, purpose in payments:
        body = {
            "paid_on": paid_on,
            "amount": amount,
            "organisationsnummer": supplier,
            "purpose": purpose,
        }
        answer = client.post(f"{PROJECT_URL}/spend", json=body, headers=official)
        assert answer.status_code == 201, answer.text
    listed = client.get(f"{PROJECT_URL}/spend").json()
    assert [(p["supplier_name"], p["local"]) for p in listed] == [
        ("Åre Bygg AB", True),
        ("Storsjö Konsult AB", False),
        ("", None),
    ]
    assert listed[0]["organisationsnummer"] == "5566778899"
    share = client.get(f"/rounds/{ROUND}/spend").json()
    expected = {
        "total": 50_000,
        "local": 30_000,
        "non_local": 10_000,
        "unknown": 10_000,
        "payments": 3,
        "local_share": 60.0,
    }
    assert share == {"round": expected, "projects": {"2": expected}}
    assert register.asked == ["5566778899", "5590123450", "8024123450"]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"organisationsnummer": "556677-8898"}, 422, "validation"),  # wrong check digit
        ({"organisationsnummer": "800101-1234"}, 422, "validation"),  # a personnummer
        ({"organisationsnummer": "556677"}, 422, "validation"),
        ({"amount": -500}, 422, "validation"),
        ({"amount": 0}, 422, "validation"),
        ({"paid_on": "1899-01-01"}, 422, "validation"),
    ],
)
def test_bad_spend_is_refused_and_not_stored(
    client: TestClient,
    project: int,
    official: dict[str, str],
    register: FakeSupplierRegister,
    change: dict[str, Any],
    status: int,
    code: str,
) -> None:
    body = {"paid_on": "2027-10-02", "amount": 100, "organisationsnummer": LOCAL_SUPPLIER}
    answer = client.post(
        f"{PROJECT_URL}/spend", json={**body, "purpose": "Material", **change}, headers=official
    )
    assert_problem(answer, status, code)
    assert client.get(f"{PROJECT_URL}/spend").json() == []
    assert register.asked == []


def test_a_register_that_is_down_stores_nothing(
    client: TestClient, project: int, official: dict[str, str], register: FakeSupplierRegister
) -> None:
    register.fail_next_lookups = 1
    body = {
        "paid_on": "2027-10-02",
        "amount": 100,
        "organisationsnummer": LOCAL_SUPPLIER,
        "purpose": "Material",
    }
    answer = client.post(f"{PROJECT_URL}/spend", json=body, headers=official)
    assert_problem(answer, 503, "supplier-register-unavailable")
    assert client.get(f"{PROJECT_URL}/spend").json() == []
    assert client.post(f"{PROJECT_URL}/spend", json=body, headers=official).status_code == 201


def test_spend_and_indicators_need_an_official_and_an_open_evaluation(
    client: TestClient,
    auth: TokenFactory,
    system: dict[str, str],
    project: int,
    official: dict[str, str],
) -> None:
    body = {"paid_on": "2027-10-02", "amount": 1, "organisationsnummer": LOCAL_SUPPLIER}
    body["purpose"] = "Material"
    resident = auth(Role.RESIDENT)
    assert client.post(f"{PROJECT_URL}/spend", json=body, headers=resident).status_code == 403
    closed = {**OPENING, "status": "expired", "closed_at": "2028-06-01T09:00:00+02:00"}
    assert client.put(f"/rounds/{ROUND}/evaluation", json=closed, headers=system).status_code == 200
    answer = client.put(f"{PROJECT_URL}/local-indicators/jobb", json=BASELINE, headers=official)
    assert_problem(answer, 409, "evaluation-closed")
    assert_problem(
        client.post(f"{PROJECT_URL}/spend", json=body, headers=official), 409, "evaluation-closed"
    )
