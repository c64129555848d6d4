"""The final report of a round with pots (issue 19): a section per pot with its budget, what
its vote chose, what the council funded and what has been spent and done, and the total; each
project's pot in the CSV; the council's justification per pot."""

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.services.decision.conftest import PROJECT, ROUND
from tests.services.decision.test_pot_decision import POTS_TALLY

# Kommun pot (60 000): the vote's 2; Norr (40 000): 5 instead of the vote's 4 and 3.
DECISION = {
    "approved_project_ids": [2, 5],
    "diarienummer": "KS 2027/123",
    "paragraph": "§ 45",
    "meeting_date": "2027-09-15",
    "justifications": {"norr": "Skolan <först>."},
    "recorded_by": "Sara Sekreterare",
    "decided_at": "2027-09-15T18:00:00+02:00",
}


@pytest.fixture
def decided(client: TestClient, system: dict[str, str], registered: str) -> str:
    def put(path: str, body: dict[str, Any]) -> None:
        answer = client.put(f"/rounds/{ROUND}{path}", json=body, headers=system)
        assert answer.status_code == 200, answer.text

    put("/recommendation", POTS_TALLY)
    put("/council-decision", DECISION)
    put("/projects/2", {**PROJECT, "approved_cost": 50_000, "status": "done", "spent": 45_000})
    put("/projects/5", {**PROJECT, "approved_cost": 35_000, "spent": 10_000})
    return ROUND


def test_the_report_has_each_pot_and_the_total(client: TestClient, decided: str) -> None:
    report = client.get(f"/rounds/{ROUND}/report.json").json()
    lines = {line["pot"]: line for line in report["pots"]}
    assert list(lines) == ["kommun", "norr", ""]
    keys = ("budget", "recommended", "funded", "approved", "spent", "done")
    assert [lines["kommun"][k] for k in keys] == [60_000, 1, 1, 50_000, 45_000, 1]
    assert [lines["norr"][k] for k in keys] == [40_000, 2, 1, 35_000, 10_000, 0]
    assert [lines[""][k] for k in keys] == [100_000, 3, 2, 85_000, 55_000, 1]
    assert (lines["norr"]["ballots"], lines[""]["ballots"]) == (4, 10)
    assert report["council_decision"]["justifications"] == {"norr": "Skolan <först>."}


def test_every_format_shows_the_pots(client: TestClient, decided: str) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get(f"/rounds/{ROUND}/report.csv").text)))
    assert {row["project_id"]: row["pot"] for row in rows} == {
        "2": "kommun",
        "1": "kommun",
        "4": "norr",
        "3": "norr",
        "5": "norr",
    }
    page = client.get(f"/rounds/{ROUND}/report.html").text
    assert "<h2>Potterna</h2>" in page and "<th>Totalt</th>" in page
    assert "Motivering för Norr: Skolan &lt;först&gt;." in page


def test_a_round_without_pots_has_no_pot_section(client: TestClient, recommended: str) -> None:
    report = client.get(f"/rounds/{ROUND}/report.json").json()
    assert report["pots"] == []
    assert "Potterna" not in client.get(f"/rounds/{ROUND}/report.html").text
