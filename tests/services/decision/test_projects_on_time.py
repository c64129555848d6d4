"""Projects done on time in the report: done by the due date, read from ``done_at`` (when the
project's workflow found it done, by its clock); a project recorded before ``done_at`` was
sent keeps the old rule (done and not overdue)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.services.decision.conftest import PROJECT, ROUND
from tests.services.decision.test_report import DECISION
from tests.services.helpers import assert_problem

URL = f"/rounds/{ROUND}/projects/2"
DUE = "2028-01-31T12:00:00+01:00"  # PROJECT's due date
BEFORE, AT, AFTER = "2028-01-20T09:00:00+01:00", "2028-01-31T11:00:00Z", "2028-02-14T09:00:00Z"


def _on_time(client: TestClient) -> int:
    years = client.get(f"/rounds/{ROUND}/open-data/local-business.json").json()["years"]
    [this] = [year for year in years if year["round_id"] == ROUND]
    on_time: int = this["projects_on_time"]
    csv_rows = client.get(f"/rounds/{ROUND}/open-data/years.csv").text.splitlines()
    heads, row = csv_rows[0].split(","), csv_rows[1].split(",")
    assert int(row[heads.index("projects_on_time")]) == on_time
    return on_time


@pytest.mark.parametrize(
    ("record", "on_time"),
    [
        ({"status": "done", "done_at": BEFORE}, 1),
        ({"status": "done", "done_at": AT}, 1),  # 12:00 in Stockholm is 11:00 UTC: the due time
        # Finished late: the workflow's overdue ended when it was done, so the old rule (done
        # and not overdue) counted it as on time.
        ({"status": "done", "done_at": AFTER, "overdue": False}, 0),
        ({"status": "done", "done_at": AFTER, "due_at": None}, 1),  # no due date
        ({"status": "in_progress", "overdue": False}, 0),
        ({"status": "cancelled"}, 0),
        # Recorded before done_at was sent: done and not overdue, as it was counted then.
        ({"status": "done", "overdue": False}, 1),
        ({"status": "done", "overdue": True}, 0),
    ],
)
def test_a_project_is_on_time_when_done_by_its_due_date(
    client: TestClient,
    system: dict[str, str],
    recommended: str,
    record: dict[str, Any],
    on_time: int,
) -> None:
    answer = client.put(URL, json={**PROJECT, **record}, headers=system)
    assert answer.status_code == 200, answer.text
    assert _on_time(client) == on_time


def test_the_done_date_is_stored_in_utc_and_shown(
    client: TestClient, system: dict[str, str], recommended: str
) -> None:
    done = {**PROJECT, "status": "done", "done_at": "2028-02-14T10:00:00+01:00"}
    assert client.put(URL, json=done, headers=system).status_code == 200
    assert client.get(URL).json()["done_at"].startswith("2028-02-14T09:00:00")
    assert client.get(URL).json()["due_at"].startswith("2028-01-31T11:00:00")
    assert client.get(URL).json()["finished_late"] is True  # for the pages, said as the report


@pytest.mark.parametrize("status", ["in_progress", "cancelled"])
def test_a_done_date_on_a_project_not_done_is_422_and_not_stored(
    client: TestClient, system: dict[str, str], recommended: str, status: str
) -> None:
    assert client.put(URL, json={**PROJECT, "status": status}, headers=system).status_code == 200
    answer = client.put(URL, json={**PROJECT, "status": status, "done_at": BEFORE}, headers=system)
    assert_problem(answer, 422, "validation")
    assert client.get(URL).json()["done_at"] is None


@pytest.mark.parametrize("done_at", ["2028-01-20T09:00:00", "i går", "0001-01-01T00:00:00Z"])
def test_a_done_date_without_a_time_zone_or_out_of_range_is_422(
    client: TestClient, system: dict[str, str], recommended: str, done_at: str
) -> None:
    answer = client.put(URL, json={**PROJECT, "status": "done", "done_at": done_at}, headers=system)
    assert_problem(answer, 422, "validation")


def test_the_report_marks_a_project_finished_after_its_due_date(
    client: TestClient, system: dict[str, str], recommended: str
) -> None:
    for project_id, done_at in ((2, AFTER), (4, BEFORE)):
        done = {**PROJECT, "status": "done", "done_at": done_at}
        url = f"/rounds/{ROUND}/projects/{project_id}"
        assert client.put(url, json=done, headers=system).status_code == 200
    decision = {**DECISION, "approved_project_ids": [2, 4]}
    stored = client.put(f"/rounds/{ROUND}/council-decision", json=decision, headers=system)
    assert stored.status_code == 200, stored.text
    lines = client.get(f"/rounds/{ROUND}/report.json").json()["projects"]
    late = {line["project_id"]: line["finished_late"] for line in lines if line["approved"]}
    assert late == {2: True, 4: False}
    assert client.get(f"/rounds/{ROUND}/report.html").text.count("klart efter slutdatumet") == 1
