"""The local-business steps of the end-to-end decision round: indicators with baselines and
payments to a local and a non-local supplier (seat from a fake supplier register), the survey
after implementation, the follow-up measurement after completion, and an earlier round of the
same kommun recorded in the decision service, so the report compares the two."""

from collections.abc import Awaitable, Callable
from typing import Any

from services.common.auth import Role, issue_token
from services.common.settings import PlatformSettings
from tests.e2e.driver import RoundDriver, bearer
from tests.supplier_register_fake import LOCAL_SUPPLIER, NON_LOCAL_SUPPLIER

KOMMUN = "Åre"
EARLIER = "e2e-decision-2026"
EARLIER_TITLE = "Medborgarbudget 2026"
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


def official() -> dict[str, str]:
    return bearer(Role.OFFICIAL, "official-1", name="Anna Berg", kommun=KOMMUN)


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


Until = Callable[[Callable[[], Awaitable[Any]], str], Awaitable[Any]]


async def follow_up_after_the_evaluation(driver: RoundDriver, until: Until) -> None:
    """The round stays open after its evaluation until both follow-ups are in: one measured,
    one closed with a reason."""

    async def planned() -> Any:
        follow_ups = await driver.call("GET", "decision", "/follow-ups", {})
        return follow_ups if follow_ups["total"] == 2 else None

    follow_ups = await until(planned, "the follow-up measurements to be planned")
    assert (await driver.status())["phase"] == "EVALUATION"
    measured, closed = (item["project_id"] for item in follow_ups["items"])
    await measure_follow_ups(driver, measured, closed)


def check_evaluation_filed(filed: dict[str, Any]) -> None:
    assert (filed["document"], filed["filed_by"]) == ("utvärderingsrapport", "Ulla Utvärderare")


def check_follow_up_notices(seen: list[tuple[str, str, str]], round_id: str) -> str:
    """The follow-ups were already due when the evaluation closed: told once that they are."""
    follow_up = f"{round_id}.follow-up"
    assert [(kind, text) for subject, kind, text in seen if subject == follow_up] == [
        ("reminder", "Försenat: uppföljningsmätningarna av projekten")
    ]
    return follow_up


async def measure_follow_ups(driver: RoundDriver, measured: int, closed: int) -> None:
    body = {"values": {"lokala-foretag": 5}, "note": "Fem lokala företag levererar nu."}
    await driver.call("POST", "decision", f"/projects/{measured}/follow-up", official(), json=body)
    reason = {"reason": "Projektets lokal har sålts; ingen mätning går att göra."}
    path = f"/projects/{closed}/follow-up/closing"
    await driver.call("POST", "decision", path, official(), json=reason)


async def record_earlier_round(driver: RoundDriver) -> None:
    """The kommun's round of the year before, as its workflow and staff left it: one project
    done, 25 % of its money to local companies."""
    base = f"{driver.stack.url('decision')}/rounds/{EARLIER}"
    system = {"Authorization": f"Bearer {issue_token(PlatformSettings(), 'worker', [Role.SYSTEM])}"}
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("PUT", "", {"title": EARLIER_TITLE, "kommun": KOMMUN, "budget": 100_000}),
        ("PUT", "/recommendation", _tally()),
        ("PUT", "/projects/1", {"approved_cost": 40_000, "status": "done", "spent": 40_000}),
        ("PUT", "/evaluation", _opening()),
    ]
    for method, path, body in steps:
        answer = await driver.http.request(method, f"{base}{path}", json=body, headers=system)
        assert answer.status_code == 200, answer.text
    for amount, supplier in ((10_000, LOCAL_SUPPLIER), (30_000, NON_LOCAL_SUPPLIER)):
        payment = {
            "paid_on": "2026-05-02",
            "amount": amount,
            "organisationsnummer": supplier,
            "purpose": "Bygg",
        }
        answer = await driver.http.post(
            f"{base}/projects/1/spend", json=payment, headers=official()
        )
        assert answer.status_code == 201, answer.text


def _tally() -> dict[str, Any]:
    project = {"project_id": 1, "cost": 40_000, "votes": 8, "selected": True, "title": "Torget"}
    return {
        "rule": "greedy",
        "rule_version": "greedy/1",
        "budget": 100_000,
        "ballot_count": 8,
        "ballots_hash": "cd" * 32,
        "selected": [1],
        "total_cost": 40_000,
        "projects": [project],
    }


def _opening() -> dict[str, Any]:
    return {
        "status": "open",
        "opened_at": "2026-03-01T09:00:00+01:00",
        "deadline": "2026-06-01T09:00:00+02:00",
        "participation": {"proposals": 5, "feasible": 2, "ballots": 8, "projects_done": 1},
    }


def check_report(report: dict[str, Any]) -> None:
    lb = report["local_business"]
    assert lb["spend"]["round"]["local_share"] == LOCAL_SHARE
    years = [(y["round_id"], y["local_share"]) for y in lb["years"]]
    assert years[0] == (EARLIER, 25.0) and years[-1][1] == LOCAL_SHARE
    assert lb["follow_ups"] == {"planned": 2, "measured": 1, "closed": 1, "pending": 0}
    assert "gick 110\u00a0000\u00a0kr" in lb["answer"] and EARLIER_TITLE in lb["answer"]
    by_kind = report["participation"]["by_kind"]
    assert by_kind["proposals"] == {"resident": 3}
    assert by_kind["voters"] == {"resident": 10, "company": 0, "unknown": 0}
    phases = [line["phase"] for line in lb["process"]["phases"]]
    assert phases[:3] == ["PREPARING", "INTAKE", "ASSESSMENT"] and "IMPLEMENTATION" in phases
