"""The final report as JSON, CSV and HTML, from a round with a council decision that differs
from the vote, a project done, one cancelled, indicators and an evaluator's report."""

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.decision.conftest import OPENING, PARTICIPATION, PROJECT, ROUND
from tests.services.decision.test_evaluation import PDF, SUBMITTED

# The vote selected 2, 4 and 3; the council took 1 and 4 instead.
DECISION = {
    "approved_project_ids": [1, 4],
    "diarienummer": "KS 2027/123",
    "paragraph": "§ 45",
    "meeting_date": "2027-09-15",
    "justification": "Skolgården <först>.",
    "recorded_by": "Sara Sekreterare",
    "decided_at": "2027-09-15T18:00:00+02:00",
}


@pytest.fixture
def finished(
    client: TestClient, auth: TokenFactory, system: dict[str, str], recommended: str
) -> str:
    def put(path: str, body: dict[str, Any], headers: dict[str, str] = system) -> None:
        answer = client.put(f"/rounds/{ROUND}{path}", json=body, headers=headers)
        assert answer.status_code == 200, answer.text

    put("/council-decision", DECISION)
    put(
        "/council-decision/case",
        {"case_reference": "KS-DIA-7", "registered_at": "2027-09-16T08:00:00Z"},
    )
    done = {
        **PROJECT,
        "approved_cost": 60_000,
        "status": "done",
        "spent": 58_000,
        "summary": "Klar.",
    }
    put("/projects/1", done)
    reason = "Leverantören gick i konkurs."
    put(
        "/projects/4",
        {**PROJECT, "approved_cost": 10_000, "status": "cancelled", "cancellation_reason": reason},
    )
    put("/evaluation", OPENING)
    indicators = {"companies_involved": 5, "jobs_created": 1, "visitors": 800, "satisfaction": 4.5}
    put("/projects/1/indicators", indicators, auth(Role.OFFICIAL, name="Eva Ek"))
    headers = {**auth(Role.OFFICIAL), "Content-Type": "application/pdf"}
    client.put(
        f"/rounds/{ROUND}/evaluation/evaluator-report",
        params={"filename": "r.pdf"},
        content=PDF,
        headers=headers,
    )
    put("/evaluation", SUBMITTED)
    return ROUND


def test_json_report_holds_every_figure(client: TestClient, finished: str) -> None:
    report = client.get(f"/rounds/{ROUND}/report.json").json()
    assert (report["final"], report["generated_at"]) == (True, "2028-04-01T07:00:00Z")
    assert report["turnout"] == 15.0  # 6 of 40
    assert report["council_decision"]["differs_from_recommendation"] is True
    assert report["council_decision"]["case_reference"] == "KS-DIA-7"
    lines = {line["project_id"]: line for line in report["projects"]}
    assert [line["project_id"] for line in report["projects"]] == [2, 1, 4, 3]
    titles = [line["title"] for line in report["projects"]]
    assert titles == ["Lekplats <i> Duved", "Bänkar vid ån", None, None]
    assert (lines[1]["recommended"], lines[1]["approved"], lines[1]["status"]) == (
        False,
        True,
        "done",
    )
    assert (lines[2]["recommended"], lines[2]["status"]) == (True, "not_approved")
    assert (lines[1]["visitors"], lines[1]["satisfaction"], lines[4]["visitors"]) == (
        800,
        4.5,
        None,
    )
    assert lines[4]["cancellation_reason"] == "Leverantören gick i konkurs."
    assert report["budget_by_status"] == {
        "done": {"count": 1, "approved": 60_000, "spent": 58_000},
        "cancelled": {"count": 1, "approved": 10_000, "spent": 0},
    }
    assert report["evaluation"]["conclusions"] == SUBMITTED["summary"]
    assert report["evaluator_report"]["filename"] == "r.pdf"


def test_csv_report_has_a_row_per_project(client: TestClient, finished: str) -> None:
    answer = client.get(f"/rounds/{ROUND}/report.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    assert f"{ROUND}-rapport.csv" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [row["project_id"] for row in rows] == ["2", "1", "4", "3"]
    assert [row["title"] for row in rows] == ["Lekplats <i> Duved", "Bänkar vid ån", "", ""]
    assert rows[1]["approved"] == "true" and rows[1]["companies_involved"] == "5"
    assert rows[0]["companies_involved"] == ""  # not entered: unknown, not zero


def test_html_report_is_readable_with_charts_and_escaped_text(
    client: TestClient, finished: str
) -> None:
    page = client.get(f"/rounds/{ROUND}/report.html")
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    for heading in [
        "Deltagande",
        "Fullmäktiges beslut",
        "Projekten",
        "Slutsatser",
        "Resultatintyg",
    ]:
        assert f"<h2>{heading}</h2>" in html
    # proposals per day, by area, by channel; votes; budget; spend by seat (no round has a
    # known share yet, so no year-on-year chart)
    assert html.count("<svg") == 6
    assert "Röster per dag: uppgift saknas" in html
    assert "Röstande per åldersgrupp: uppgift saknas" in html
    assert "Skolgården &lt;först&gt;." in html and "<först>" not in html
    # Projects by title, by number where the result carries none; in the decision too.
    assert html.count("Lekplats &lt;i&gt; Duved") >= 2 and "<i> Duved" not in html
    assert "Förslag 4" in html and "Bänkar vid ån, Förslag 4" in html
    assert "Slutrapport" in html and "<script" not in html


def test_report_before_the_evaluation_is_preliminary(client: TestClient, recommended: str) -> None:
    report = client.get(f"/rounds/{ROUND}/report.json").json()
    assert (report["final"], report["participation"], report["council_decision"]) == (
        False,
        None,
        None,
    )
    assert all(line["status"] == "not_approved" for line in report["projects"])
    assert "Preliminär rapport" in client.get(f"/rounds/{ROUND}/report.html").text
    assert client.get("/rounds/nowhere-1/report.csv").status_code == 404


VOTERS: dict[str, Any] = {
    **PARTICIPATION,
    "ballots_per_day": {"2027-05-01": 2, "2027-05-02": 4},
    "by_area": {**PARTICIPATION["by_area"], "voters": {"Centrum": 6, "Duved": 0}},
    "by_age_band": {"voters": {"25-34": None, "65+": None, "unknown": 0}},
    "by_channel": {**PARTICIPATION["by_channel"], "voters": {"online": 6, "paper": 0}},
    "min_cell": 5,
}


@pytest.fixture
def voters_known(client: TestClient, system: dict[str, str], recommended: str) -> str:
    opening = {**OPENING, "participation": VOTERS}
    answer = client.put(f"/rounds/{ROUND}/evaluation", json=opening, headers=system)
    assert answer.status_code == 200, answer.text
    return ROUND


def test_participation_by_group_in_every_format(client: TestClient, voters_known: str) -> None:
    participation = client.get(f"/rounds/{ROUND}/report.json").json()["participation"]
    assert participation["by_age_band"]["voters"] == {"25-34": None, "65+": None, "unknown": 0}
    assert (participation["by_channel"]["voters"], participation["min_cell"]) == (
        {"online": 6, "paper": 0},
        5,
    )

    answer = client.get(f"/rounds/{ROUND}/report.csv", params={"table": "participation"})
    assert f"{ROUND}-deltagande.csv" in answer.headers["content-disposition"]
    rows = {
        (row["dimension"], row["group"]): (row["proposals"], row["voters"], row["voters_hidden"])
        for row in csv.DictReader(io.StringIO(answer.text))
    }
    assert rows[("day", "2027-05-02")] == ("", "4", "false")
    assert rows[("day", "2027-02-01")] == ("8", "", "false")
    assert rows[("area", "Centrum")] == ("9", "6", "false")
    assert rows[("age_band", "65+")] == ("", "", "true")
    assert rows[("channel", "web")] == ("11", "", "false")
    assert rows[("channel", "online")] == ("", "6", "false")

    html = client.get(f"/rounds/{ROUND}/report.html").text
    for chart in ["Röster per dag", "Röstande per område", "Röstande per åldersgrupp"]:
        assert f"<figcaption>{chart}</figcaption>" in html
    assert "Röstande per kanal" in html and "digitalt" in html and "på papper" in html
    assert ">dold</text>" in html and "färre än 5 röstande visas" in html
    assert "Röstande per område: uppgift saknas" not in html


def test_participation_table_is_only_a_header_before_the_evaluation(
    client: TestClient, recommended: str
) -> None:
    answer = client.get(f"/rounds/{ROUND}/report.csv", params={"table": "participation"})
    assert answer.text == "round_id,dimension,group,proposals,voters,voters_hidden\r\n"
    wrong = client.get(f"/rounds/{ROUND}/report.csv", params={"table": "ballots"})
    assert wrong.status_code == 422
    assert wrong.headers["content-type"].startswith("application/problem+json")
