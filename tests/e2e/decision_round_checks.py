"""What the e2e decision round checks at its end: the report files the decision service
serves, and every message the fake kommun received, each exactly once."""

import json
from pathlib import Path

from tests.e2e import local_business
from tests.kommun_fake import DIARIUM, NOTIFICATIONS, FakeKommun


def check_report(folder: Path, titles: list[str], voters: int) -> None:
    """``titles``: the proposals' in order; ``voters``: five online, the rest on paper."""
    report = json.loads((folder / "report.json").read_text())
    assert report["final"] and report["council_decision"]["differs_from_recommendation"]
    participation = report["participation"]
    assert participation["ballots"] == voters and report["turnout"] == 33.3
    assert participation["by_area"]["voters"] == {"Centrum": 5, "Duved": 5}
    bands = participation["by_age_band"]["voters"]
    assert {band: n for band, n in bands.items() if n != 0} == {"25-34": 5, "35-49": 5}
    assert participation["by_channel"]["voters"] == {"online": 5, "paper": 5}
    assert sum(participation["ballots_per_day"].values()) == voters
    assert [line["title"] for line in report["projects"]] == titles
    assert sum(1 for _ in (folder / "report.csv").open()) == 1 + len(titles)
    html = (folder / "report.html").read_text()
    assert html.count("<svg") >= 6 and "Röstande per åldersgrupp</figcaption>" in html
    assert "Adventsmarknad" in html
    # Three proposals from one resident: too few to tell who proposed, so every group of
    # proposers is hidden ("dold"), while the voters' groups above are shown whole.
    assert set(participation["by_age_band"]["proposals"].values()) == {None}
    # The note under the charts names whose groups are hidden: the proposers', not voters'.
    assert "dold" in html and "färre än 5 förslagsställare visas inte" in html
    assert "röstande visas inte" not in html
    # The assessment's workload as the worker counted it from assessment's verdicts.
    workload = report["local_business"]["process"]["assessment"]
    assert (workload["assessments"], workload["feasible"]) == (len(titles), len(titles))
    assert workload["median_days"] is not None
    local_business.check_report(report)
    assert "Gynnade omgången det lokala näringslivet?" in html


def check_kommun_saw_each_message_once(
    kommun: FakeKommun, round_id: str, before: dict[str, int]
) -> None:
    """``before``: the attempts per path for the earlier round, which met no failures."""
    diarium = kommun.attempts(DIARIUM)[before[DIARIUM] :]
    assert [r.status for r in diarium] == [503, 503, 201, 201]
    decision, evaluation = kommun.delivered(DIARIUM)[-2:]
    assert decision["diarienummer"] == "KS 2027/123"
    local_business.check_evaluation_filed(evaluation)
    events = kommun.delivered(NOTIFICATIONS)
    expected = [
        (round_id, "receipt", "Fullmäktiges beslut är registrerat"),
        (round_id, "reminder", "Uppföljningen är öppen"),
        (round_id, "receipt", "Uppföljningen är inlämnad"),
        # The politicians' notices of the round's key moments.
        *(
            (round_id, "announcement", f"Medborgarbudget för lokalt näringsliv: {moment}")
            for moment in ("röstsedeln är godkänd", "resultatet av omröstningen")
        ),
        (round_id, "announcement", "Medborgarbudget för lokalt näringsliv: fullmäktiges beslut"),
    ]
    seen = [(e["subject"], e["type"].rsplit(".", 1)[1], e["data"]["subject"]) for e in events]
    assert sorted(s for s in seen if s[0] == round_id) == sorted(expected)
    follow_up = local_business.check_follow_up_notices(seen, round_id)
    project_kinds = sorted(
        kind
        for subject, kind, _ in seen
        if subject.startswith(f"{round_id}.") and subject != follow_up
    )
    assert project_kinds == ["escalation", "reminder"]
    attempts = kommun.attempts(NOTIFICATIONS)
    first = before[NOTIFICATIONS]
    assert [r.status for r in attempts[first : first + 2]] == [503, 503]
    assert len(attempts) == len(events) + 2
    assert len({e["id"] for e in events}) == len(events)
