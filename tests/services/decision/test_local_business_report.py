"""The report's local-business sections: the share computed from the payments, indicators
against baseline and target with the follow-up's values, the survey, the cost of running the
round, the kommun's earlier round beside this one, and the answer built from those figures;
every figure also as JSON and CSV."""

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.decision.suppliers import SupplierRegister
from tests.conftest import TokenFactory
from tests.services.decision.conftest import OPENING, PROJECT, ROUND, TALLY
from tests.supplier_register_fake import LOCAL_SUPPLIER, NON_LOCAL_SUPPLIER, FakeSupplierRegister

EARLIER = "are-2026"


@pytest.fixture
def register(app: FastAPI) -> Iterator[FakeSupplierRegister]:
    with FakeSupplierRegister() as fake:
        app.state.suppliers = SupplierRegister(fake.url, timeout=5)
        yield fake


def _pay(
    client: TestClient, round_id: str, official: dict[str, str], amount: int, who: str
) -> None:
    body = {"paid_on": "2027-10-02", "amount": amount, "organisationsnummer": who}
    url = f"/rounds/{round_id}/projects/2/spend"
    answer = client.post(url, json={**body, "purpose": "Arbete"}, headers=official)
    assert answer.status_code == 201, answer.text


def _round(client: TestClient, system: dict[str, str], round_id: str, title: str) -> None:
    body = {"title": title, "kommun": "Åre", "budget": 100_000}
    assert client.put(f"/rounds/{round_id}", json=body, headers=system).status_code == 200
    tally = {**TALLY, "round_id": round_id}
    assert (
        client.put(f"/rounds/{round_id}/recommendation", json=tally, headers=system).status_code
        == 200
    )
    done = {**PROJECT, "status": "done", "spent": 40_000}
    assert (
        client.put(f"/rounds/{round_id}/projects/2", json=done, headers=system).status_code == 200
    )


@pytest.fixture
def report_data(
    client: TestClient, auth: TokenFactory, system: dict[str, str], register: FakeSupplierRegister
) -> dict[str, Any]:
    official = auth(Role.OFFICIAL, name="Eva Ek")
    _round(client, system, EARLIER, "Medborgarbudget 2026")
    opening = {**OPENING, "opened_at": "2027-03-01T09:00:00+01:00"}
    client.put(f"/rounds/{EARLIER}/evaluation", json=opening, headers=system)
    _pay(client, EARLIER, official, 10_000, LOCAL_SUPPLIER)
    _pay(client, EARLIER, official, 30_000, NON_LOCAL_SUPPLIER)

    _round(client, system, ROUND, "Medborgarbudget 2027")
    client.put(f"/rounds/{ROUND}/evaluation", json=OPENING, headers=system)
    _pay(client, ROUND, official, 30_000, LOCAL_SUPPLIER)
    _pay(client, ROUND, official, 10_000, NON_LOCAL_SUPPLIER)
    baseline = {"baseline_value": 2, "baseline_date": "2027-09-01", "target": 5, "source": "SCB"}
    url = f"/rounds/{ROUND}/projects/2/local-indicators/lokala-foretag"
    assert client.put(url, json=baseline, headers=official).status_code == 200
    client.put(f"/rounds/{ROUND}/follow-ups", json={"measure_after": 0.001}, headers=system)
    measured = {"values": {"lokala-foretag": 6}}
    answer = client.post(f"/rounds/{ROUND}/projects/2/follow-up", json=measured, headers=official)
    assert answer.status_code == 200, answer.text
    for number in range(5):
        person = auth(Role.RESIDENT, subject=f"resident-{number}")
        body = {"answers": {"lokalt-naringsliv": 4}}
        url = f"/rounds/{ROUND}/surveys/after_implementation/answers"
        assert client.post(url, json=body, headers=person).status_code == 201
    cost = {"amount": 60_000, "staff_hours": 120, "note": "Information och möten"}
    assert (
        client.put(f"/rounds/{ROUND}/running-cost", json=cost, headers=official).status_code == 200
    )
    report: dict[str, Any] = client.get(f"/rounds/{ROUND}/report.json").json()
    return report


def test_the_report_answers_from_the_figures(report_data: dict[str, Any]) -> None:
    lb = report_data["local_business"]
    assert lb["spend"]["round"]["local_share"] == 75.0
    [indicator] = lb["indicators"]
    assert (indicator["measured"], indicator["change"], indicator["target_met"]) == (6, 4, True)
    assert lb["follow_ups"] == {"planned": 1, "measured": 1, "closed": 0, "pending": 0}
    assert lb["process"]["running_cost"] == 60_000
    assert lb["process"]["cost_per_voter"] == 10_000  # six ballots in the evaluation figures
    assert [(y["round_id"], y["local_share"], y["current"]) for y in lb["years"]] == [
        (EARLIER, 25.0, False),
        (ROUND, 75.0, True),
    ]
    assert lb["years"][1]["survey_mean"] == 4.0
    assert lb["answer"] == (
        "Sammantaget tyder siffrorna på att omgången gynnade det lokala näringslivet. "
        "Av de 40\u00a0000\u00a0kr som projekten betalade ut gick 30\u00a0000\u00a0kr (75\u00a0%) "
        "till företag med säte i Åre. Vid uppföljningen nådde 1 av 1 uppmätta indikatorer sitt "
        "mål. I enkäten var medelbetyget på frågan om projekten stärkte det lokala näringslivet "
        "4 av 5. Andelen till lokala företag var högre än i Medborgarbudget 2026 (25\u00a0%)."
    )


def test_the_page_shows_the_sections_and_every_figure_is_open_data(
    client: TestClient, report_data: dict[str, Any]
) -> None:
    page = client.get(f"/rounds/{ROUND}/report.html").text
    for heading in ("Gynnade omgången det lokala näringslivet?", "År för år", "Öppna data"):
        assert f"<h2>{heading}</h2>" in page
    assert "@media print" in page and "max-width:100%" in page
    assert report_data["local_business"]["answer"] in page
    as_json = client.get(f"/rounds/{ROUND}/open-data/local-business.json").json()
    assert as_json == report_data["local_business"]
    spend = client.get(f"/rounds/{ROUND}/open-data/spend.csv")
    assert spend.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(spend.text)))
    assert rows[-1]["local_share"] == "75.0"
    years = list(
        csv.DictReader(io.StringIO(client.get(f"/rounds/{ROUND}/open-data/years.csv").text))
    )
    assert [row["round_id"] for row in years] == [EARLIER, ROUND]
    survey = client.get(f"/rounds/{ROUND}/open-data/survey.csv").text
    assert "after_implementation,lokalt-naringsliv,resident,4,5,false" in survey
    assert client.get(f"/rounds/{ROUND}/open-data/other.csv").status_code == 422
    comparison = client.get(f"/rounds/{ROUND}/year-on-year.html").text
    assert "Medborgarbudget 2026" in comparison and "<svg" in comparison


PLANNED = {
    "intake_opens_at": "2027-02-01T08:00:00+00:00",
    "intake_closes_at": "2027-03-01T08:00:00+00:00",
    "assessment_due_at": "2027-04-01T08:00:00+00:00",
}
MOVED = {
    "phase": "ASSESSMENT",
    "previous": "2027-04-01T08:00:00+00:00",
    "deadline": "2027-04-15T08:00:00+00:00",
    "reason": "Fler förslag än väntat.",
    "requested_by": "Eva Ek",
    "at": "2027-03-20T08:00:00+00:00",
}
PROCESS: dict[str, Any] = {
    "planned": PLANNED,
    "actual": {**PLANNED, "assessment_due_at": MOVED["deadline"]},
    "phases": [
        {"phase": "INTAKE", "at": "2027-02-01T08:00:00+00:00"},
        {"phase": "ASSESSMENT", "at": "2027-03-01T08:00:00+00:00"},
        {"phase": "BALLOT_APPROVAL", "at": "2027-04-15T08:00:00+00:00"},
    ],
    "deadline_changes": [MOVED],
}
# What the workflow counted from assessment's verdicts and intake's submission times.
WORKLOAD: dict[str, Any] = {
    "assessments": 12,
    "feasible": 4,
    "rejected": 7,
    "merged": 1,
    "by_assessor": {"Eva Ek": 8, "Bo Berg": 4},
    "median_days": 9.5,
    "max_days": 31.0,
}


def test_the_process_shows_phases_against_the_plan_and_moved_deadlines(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    opening = {**OPENING, "process": PROCESS}
    answer = client.put(f"/rounds/{ROUND}/evaluation", json=opening, headers=system)
    assert answer.status_code == 200, answer.text
    lb = client.get(f"/rounds/{ROUND}/open-data/local-business.json").json()
    assert lb["process"]["phases"] == [
        {"phase": "INTAKE", "planned_days": 28.0, "actual_days": 28.0},
        {"phase": "ASSESSMENT", "planned_days": 31.0, "actual_days": 45.0},
    ]
    assert lb["process"]["moved_deadlines"][0]["reason"] == "Fler förslag än väntat."
    assert lb["process"]["assessed"] is None  # unknown for a round without the workload
    page = client.get(f"/rounds/{ROUND}/report.html").text
    assert "Fler förslag än väntat." in page and "Bedömning" in page


def test_the_assessment_workload_is_assessments_own_figure(
    client: TestClient, system: dict[str, str], registered: str
) -> None:
    """Not the proposal count: the verdicts the workflow counted from assessment's data."""
    opening = {**OPENING, "process": {**PROCESS, "assessment": WORKLOAD}}
    answer = client.put(f"/rounds/{ROUND}/evaluation", json=opening, headers=system)
    assert answer.status_code == 200, answer.text
    process = client.get(f"/rounds/{ROUND}/open-data/local-business.json").json()["process"]
    assert (process["proposals"], process["assessed"]) == (12, 12)
    assert process["assessment"] == WORKLOAD
    page = client.get(f"/rounds/{ROUND}/report.html").text
    assert "Bedömda av Eva Ek" in page and "Dagar till bedömning, median" in page
    negative = {**OPENING, "process": {**PROCESS, "assessment": {**WORKLOAD, "feasible": -1}}}
    refused = client.put(f"/rounds/{ROUND}/evaluation", json=negative, headers=system)
    assert refused.status_code == 422
