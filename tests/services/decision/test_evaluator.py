"""The independent evaluator: reads the round's anonymised data (every access logged), files
the evaluation report, and is refused everything else (a clear 403, nothing stored)."""

from fastapi.testclient import TestClient

from services.common.access_matrix import ACCESS
from services.common.auth import Role
from tests.conftest import TokenFactory
from tests.services.decision.conftest import ROUND
from tests.services.helpers import assert_problem

DATA = f"/rounds/{ROUND}/evaluator/data"
LOG = f"/rounds/{ROUND}/evaluator/access-log"
REPORT = f"/rounds/{ROUND}/evaluation/evaluator-report?filename=utvardering.txt"


def test_the_evaluator_reads_anonymised_data_and_every_access_is_logged(
    client: TestClient, auth: TokenFactory, project: int
) -> None:
    evaluator = auth(Role.EVALUATOR, subject="eval-1", name="Ulla Utvärderare")
    first = client.get(DATA, headers=evaluator)
    assert first.status_code == 200, first.text
    data = first.json()
    assert (data["kommun"], data["indicators"], data["payments"]) == ("Åre", [], [])
    assert [s["stage"] for s in data["surveys"]] == ["after_voting", "after_implementation"]
    assert client.get(DATA, headers=evaluator).status_code == 200
    log = client.get(LOG, headers=auth(Role.OFFICIAL)).json()
    assert [(e["accessed_by"], e["role"], e["what"]) for e in log] == [
        ("Ulla Utvärderare", "evaluator", "underlag"),
        ("Ulla Utvärderare", "evaluator", "underlag"),
    ]


def test_the_evaluator_files_the_report(
    client: TestClient, auth: TokenFactory, registered: str
) -> None:
    evaluator = auth(Role.EVALUATOR, subject="eval-1", name="Ulla Utvärderare")
    headers = {**evaluator, "Content-Type": "text/plain"}
    answer = client.put(REPORT, content="Projekten stärkte handeln.".encode(), headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["uploaded_by"] == "Ulla Utvärderare"
    log = client.get(LOG, headers=evaluator).json()
    assert [e["what"] for e in log] == ["rapport inlämnad"]


def test_the_evaluator_is_refused_what_is_not_theirs(
    client: TestClient, auth: TokenFactory, project: int
) -> None:
    evaluator = auth(Role.EVALUATOR, subject="eval-1", name="Ulla Utvärderare")
    elsewhere = auth(Role.EVALUATOR, subject="eval-2", kommun="Krokom")
    assert_problem(client.get(DATA, headers=elsewhere), 403)
    payment = {
        "paid_on": "2027-10-02",
        "amount": 100,
        "organisationsnummer": "556677-8899",
        "purpose": "Material",
    }
    url = f"/rounds/{ROUND}/projects/2"
    assert_problem(client.post(f"{url}/spend", json=payment, headers=evaluator), 403)
    baseline = {"baseline_value": 1, "baseline_date": "2027-09-01", "source": "SCB"}
    put = client.put(f"{url}/local-indicators/jobb", json=baseline, headers=evaluator)
    assert_problem(put, 403)
    assert client.get(f"{url}/spend").json() == []
    assert client.get(f"{url}/local-indicators").json() == []
    assert client.get(LOG, headers=evaluator).json() == []


# A value for each path parameter of the decision service's round routes.
PARAMETERS = {"round_id": ROUND, "project_id": "2", "key": "jobb", "stage": "after_voting"}


def _reads() -> list[str]:
    """Every route the evaluator may read: the decision service's GETs of a round."""
    paths = [
        path.replace("{table}", "spend").format(**PARAMETERS)
        for service, method, path in ACCESS
        if service == "decision" and method == "GET" and path.startswith("/rounds/{round_id}")
    ]
    assert len(paths) > 20  # the table still lists the routes
    return paths


def test_every_read_of_the_evaluator_is_logged(
    client: TestClient, auth: TokenFactory, project: int
) -> None:
    evaluator = auth(Role.EVALUATOR, subject="eval-1", name="Ulla Utvärderare")
    headers = {**evaluator, "Content-Type": "text/plain"}
    assert client.put(REPORT, content=b"Rapporten.", headers=headers).status_code == 200
    official = auth(Role.OFFICIAL, name="Eva Ek")
    answered = []
    for path in _reads():
        before = len(client.get(LOG, headers=official).json())
        status = client.get(path, headers=evaluator).status_code
        log = client.get(LOG, headers=official).json()
        # Staff's reading of the log is itself logged: one entry per read of it, plus this one.
        added = [e for e in log[before:] if e["what"] != "åtkomstloggen" or e["role"] != "official"]
        if status == 200:
            answered.append(path)
            assert [(e["accessed_by"], e["role"]) for e in added] == [
                ("Ulla Utvärderare", "evaluator")
            ], path
        else:
            assert added == [], path
    # All but the archive (there is none): every one of them read and logged.
    assert sorted(set(_reads()) - set(answered)) == [f"/rounds/{ROUND}/archive"]
    whats = [e["what"] for e in client.get(LOG, headers=official).json()]
    assert {"underlag", "åtkomstloggen", "omgången", "/open-data/spend.csv", "/spend"} <= set(whats)


def test_reads_by_others_are_not_the_evaluators_log(
    client: TestClient, auth: TokenFactory, project: int
) -> None:
    """Anyone reading public data, an evaluator of another kommun, or a read that found
    nothing leaves no entry; staff reading the evaluator's data does."""
    elsewhere = auth(Role.EVALUATOR, subject="eval-2", kommun="Krokom")
    resident = auth(Role.RESIDENT)
    evaluator = auth(Role.EVALUATOR, subject="eval-1", name="Ulla Utvärderare")
    assert client.get(f"/rounds/{ROUND}/spend", headers=elsewhere).status_code == 200
    assert client.get(f"/rounds/{ROUND}/spend", headers=resident).status_code == 200
    assert client.get(f"/rounds/{ROUND}/spend").status_code == 200
    assert client.get(f"/rounds/{ROUND}/projects/99", headers=evaluator).status_code == 404
    official = auth(Role.OFFICIAL, name="Eva Ek")
    assert client.get(DATA, headers=official).status_code == 200
    log = client.get(LOG, headers=official).json()
    assert [(e["accessed_by"], e["role"], e["what"]) for e in log] == [
        ("Eva Ek", "official", "underlag")
    ]
