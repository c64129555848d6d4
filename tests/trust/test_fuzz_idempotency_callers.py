"""Fuzz class: one Idempotency-Key from several callers, on every service (issue 18 finding 1).

The key used to be looked up for whoever sent it: an anonymous request planted a 401 under the
workflow's predictable key (``<round id>:<step>``) and the workflow got that 401 back; voter B
sending voter A's key got A's receipt and no ballot of its own."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.common.idempotency_store import PERSON_TTL, idempotency_records
from tests.services.assessment.helpers import round_body as assessment_round
from tests.trust.apps import SERVICES, headers_for, service_app
from tests.trust.fuzz_seeds import ROUND, SEEDS

# A write of the workflow's on the seeded round of each service, as its activity sends it.
WORKFLOW_WRITES = {
    "intake": ("POST", f"/rounds/{ROUND}/close", None),
    "assessment": ("PUT", f"/rounds/{ROUND}", assessment_round()),
    "voting": ("POST", f"/rounds/{ROUND}/close", None),
    "decision": (
        "PUT",
        f"/rounds/{ROUND}",
        {"title": "Medborgarbudget Åre 2027", "kommun": "Åre", "budget": 100_000},
    ),
    "notify": (
        "POST",
        f"/rounds/{ROUND}/announcements",
        {"event": "results_published", "kommun": "Åre", "params": {"voters": 812}},
    ),
}
STRANGERS = {
    "anonymous": {},
    "garbage token": {"Authorization": "Bearer garbage"},
    "resident": headers_for("resident", "someone-else"),
}


@pytest.mark.parametrize("service", SERVICES)
def test_nobody_else_can_plant_an_answer_under_the_workflows_key(
    service: str, database_url: str
) -> None:
    method, path, body = WORKFLOW_WRITES[service]
    key = {"Idempotency-Key": f"{ROUND}:close"}
    with TestClient(service_app(service, database_url)) as client:
        SEEDS[service](client)
        planted = {
            who: client.request(method, path, json=body, headers=headers | key)
            for who, headers in STRANGERS.items()
        }
        workflow = client.request(method, path, json=body, headers=headers_for("system") | key)
        again = client.request(method, path, json=body, headers=headers_for("system") | key)
        stranger = client.request(method, path, json=body, headers=key)
    assert {who: answer.status_code for who, answer in planted.items()} == {
        "anonymous": 401,
        "garbage token": 401,
        "resident": 403,
    }
    assert workflow.is_success, workflow.text
    assert "idempotent-replayed" not in workflow.headers
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == workflow.json()
    assert stranger.status_code == 401  # the workflow's answer is not replayed to others
    assert "idempotent-replayed" not in stranger.headers


def test_a_voter_sending_another_voters_key_casts_a_ballot_of_their_own(
    database_url: str,
) -> None:
    app = service_app("voting", database_url)
    key = {"Idempotency-Key": "my-ballot"}
    ballot = {"choices": [1]}
    path = f"/rounds/{ROUND}/ballots"
    with TestClient(app) as client:
        SEEDS["voting"](client)
        voter_a = client.post(path, json=ballot, headers=headers_for("resident", "voter-a") | key)
        voter_b = client.post(path, json=ballot, headers=headers_for("resident", "voter-b") | key)
        again_a = client.post(path, json=ballot, headers=headers_for("resident", "voter-a") | key)
    assert voter_a.status_code == voter_b.status_code == 201, voter_b.text
    assert "idempotent-replayed" not in voter_b.headers
    assert voter_b.json()["receipt"] != voter_a.json()["receipt"]
    assert again_a.headers["idempotent-replayed"] == "true"
    assert again_a.json() == voter_a.json()
    with app.state.engine.connect() as conn:
        expiries = list(conn.execute(select(idempotency_records.c.expires_at)).scalars())
    app.state.engine.dispose()  # used after the lifespan: closed here
    assert len(expiries) == 2  # one per voter, each a person's: kept for a day
    for expires in expiries:
        left = expires.replace(tzinfo=UTC) - datetime.now(UTC)
        assert PERSON_TTL - timedelta(minutes=1) < left <= PERSON_TTL
