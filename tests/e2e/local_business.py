"""The local-business steps of the end-to-end decision round: indicators with baselines and
payments to a local and a non-local supplier (seat from a fake supplier register), the survey
after implementation, the follow-up measurement a (skipped) year after completion, and the
report's comparison with the kommun's earlier round (tests/e2e/earlier_round.py)."""

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from temporalio.testing import WorkflowEnvironment

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from tests.e2e import earlier_round
from tests.e2e.decision_round_steps import official, until
from tests.e2e.driver import RoundDriver
from tests.e2e.earlier_round import EARLIER, EARLIER_TITLE
from tests.kommun_fake import NOTIFICATIONS, FakeKommun
from tests.supplier_register_fake import LOCAL_SUPPLIER, NON_LOCAL_SUPPLIER
from tests.temporal_test_server import skip_to

BASELINE = {
    "baseline_value": 2,
    "baseline_date": "2027-01-15",
    "target": 4,
    "source": "Kommunens företagsregister",
}
# (project, amount, supplier): 110 000 of 140 000 kr to companies with their seat in Åre.
PAYMENTS = [
    (0, 50_000, LOCAL_SUPPLIER),
    (1, 30_000, NON_LOCAL_SUPPLIER),
    (1, 60_000, LOCAL_SUPPLIER),
]
LOCAL_SHARE = round(100 * 110_000 / 140_000, 1)


async def record_baselines_and_spend(driver: RoundDriver, projects: list[int]) -> None:
    for project_id in projects:
        path = f"/projects/{project_id}/local-indicators/lokala-foretag"
        await driver.call("PUT", "decision", path, official(), json=BASELINE)
    for index, amount, supplier in PAYMENTS:
        payment = {
            "paid_on": "2027-05-02",
            "amount": amount,
            "organisationsnummer": supplier,
            "purpose": "Bygg och material",
        }
        path = f"/projects/{projects[index]}/spend"
        await driver.call("POST", "decision", path, official(), json=payment)
    bad = {**payment, "organisationsnummer": "556677-8898", "amount": -1}
    refused = await driver.http.post(
        driver.url("decision", f"/projects/{projects[0]}/spend"), json=bad, headers=official()
    )
    assert refused.status_code == 422


async def answer_survey(driver: RoundDriver) -> None:
    url = driver.url("decision", "/surveys/after_implementation/answers")
    for number in range(5):
        token = issue_token(PlatformSettings(), f"survey-{number}", [Role.RESIDENT])
        headers = {"Authorization": f"Bearer {token}"}
        body = {"answers": {"lokalt-naringsliv": 4}}
        assert (await driver.http.post(url, json=body, headers=headers)).status_code == 201
    again = await driver.http.post(url, json={"answers": {"lokalt-naringsliv": 1}}, headers=headers)
    assert again.status_code == 409


# A year in production and here: the follow-up is measured after it, the year skipped.
MEASURE_AFTER = timedelta(days=365)
REMIND_BEFORE = timedelta(days=30)


async def follow_up_a_year_later(
    driver: RoundDriver, env: WorkflowEnvironment, kommun: FakeKommun
) -> None:
    """The round stays open after its evaluation until both follow-ups are in, a year after
    the projects were completed: reminded a month before, opened for measuring at the date
    by the round's workflow, then one measured and one closed with a reason."""

    async def planned() -> Any:
        follow_ups = await driver.call("GET", "decision", "/follow-ups", {})
        return follow_ups if follow_ups["total"] == 2 else None

    follow_ups = await until(planned, "the follow-up measurements to be planned")
    assert (await driver.status())["phase"] == "EVALUATION"
    due = datetime.fromisoformat(follow_ups["due_at"])
    assert due - await env.get_current_time() > MEASURE_AFTER - timedelta(days=1)
    measured, closed = (item["project_id"] for item in follow_ups["items"])
    early = await _measure(driver, measured)
    assert early.status_code == 409 and early.json()["type"].endswith("/follow-up-not-due")
    # Skipped in two steps, each just past a checkpoint, so that the notice it sends (real
    # time, real HTTP) is not timed out by a skip past its activity's timeout.
    await skip_to(env, due - REMIND_BEFORE)
    await until(partial(_follow_up_notices, kommun, 1), "the reminder a month before")
    await skip_to(env, due)
    await until(partial(_follow_up_notices, kommun, 2), "the notice that it is due")

    async def opened() -> bool:
        items = (await driver.call("GET", "decision", "/follow-ups", {}))["items"]
        return all(item["opened_at"] for item in items)

    await until(opened, "the workflow to open the follow-ups for measuring")
    answer = await _measure(driver, measured)
    assert answer.status_code == 200, answer.text
    reason = {"reason": "Projektets lokal har sålts; ingen mätning går att göra."}
    path = f"/projects/{closed}/follow-up/closing"
    await driver.call("POST", "decision", path, official(), json=reason)


async def _measure(driver: RoundDriver, project_id: int) -> Any:
    body = {"values": {"lokala-foretag": 5}, "note": "Fem lokala företag levererar nu."}
    url = driver.url("decision", f"/projects/{project_id}/follow-up")
    return await driver.http.post(url, json=body, headers=official())


async def _follow_up_notices(kommun: FakeKommun, count: int) -> bool:
    sent = [e for e in kommun.delivered(NOTIFICATIONS) if e["subject"].endswith(".follow-up")]
    return len(sent) >= count


def check_evaluation_filed(filed: dict[str, Any]) -> None:
    assert (filed["document"], filed["filed_by"]) == ("utvärderingsrapport", "Ulla Utvärderare")


def check_follow_up_notices(seen: list[tuple[str, str, str]], round_id: str) -> str:
    """Reminded a month before the follow-ups were due, told once when they were."""
    follow_up = f"{round_id}.follow-up"
    sent = [(kind, text.split(":")[0]) for subject, kind, text in seen if subject == follow_up]
    assert sent == [("reminder", "Påminnelse"), ("reminder", "Försenat")]
    return follow_up


def check_report(report: dict[str, Any]) -> None:
    lb = report["local_business"]
    assert lb["spend"]["round"]["local_share"] == LOCAL_SHARE
    # The earlier round as it ran: 2 of 10 voted, 25 % of its money paid locally, its one
    # project done, no survey; this one: 10 of 30, two projects done (the late milestone
    # was met before completion), the survey's mean 4.
    earlier, current = lb["years"]
    figures = ("ballots", "turnout", "local_share", "projects_done", "projects_on_time")
    assert (earlier["round_id"], earlier["title"]) == (EARLIER, EARLIER_TITLE)
    assert [earlier[key] for key in figures] == [earlier_round.VOTERS, 20.0, 25.0, 1, 1]
    assert [current[key] for key in figures] == [10, 33.3, LOCAL_SHARE, 2, 2]
    assert (earlier["survey_mean"], current["survey_mean"]) == (None, 4.0)
    assert current["current"] and not earlier["current"]
    assert lb["follow_ups"] == {"planned": 2, "measured": 1, "closed": 1, "pending": 0}
    assert "gick 110\u00a0000\u00a0kr" in lb["answer"] and EARLIER_TITLE in lb["answer"]
    by_kind = report["participation"]["by_kind"]
    assert by_kind["proposals"] == {"resident": 3}
    assert by_kind["voters"] == {"resident": 10, "company": 0, "unknown": 0}
    phases = [line["phase"] for line in lb["process"]["phases"]]
    assert phases[:3] == ["PREPARING", "INTAKE", "ASSESSMENT"] and "IMPLEMENTATION" in phases
