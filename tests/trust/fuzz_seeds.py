"""A round already set up in each service, so the fuzzer's requests reach the handlers
instead of stopping at "round not found"; and a snapshot of every table to compare."""

import hashlib
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import MetaData, select
from sqlalchemy.engine import Engine

from services.common.auth import Role
from services.notify.events import CONSENT_VERSION
from tests.services.assessment.helpers import round_body as assessment_round
from tests.services.intake.helpers import proposal_body
from tests.services.intake.helpers import round_body as intake_round
from tests.services.voting.conftest import ballot_body
from tests.trust.apps import headers_for

ROUND = "are-2027"


def _ok(answer: object) -> None:
    assert getattr(answer, "is_success", False), getattr(answer, "text", answer)


def seed_intake(client: TestClient) -> None:
    _ok(client.put(f"/rounds/{ROUND}", json=intake_round(), headers=headers_for("system")))
    body = proposal_body(proposer_name="Kim", publish_name=True)
    _ok(client.post(f"/rounds/{ROUND}/proposals", json=body, headers=headers_for("resident")))


def seed_assessment(client: TestClient) -> None:
    _ok(client.put(f"/rounds/{ROUND}", json=assessment_round(), headers=headers_for("system")))
    body = {"assessor_subject": "trust-caller", "assessor_name": "Bo", "proposal_ids": [1, 2]}
    _ok(client.post(f"/rounds/{ROUND}/assignments", json=body, headers=headers_for("official")))


def seed_voting(client: TestClient) -> None:
    system = headers_for("system")
    _ok(client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system))
    _ok(client.post(f"/rounds/{ROUND}/open", headers=system))
    _ok(
        client.post(
            f"/rounds/{ROUND}/ballots", json={"choices": [1]}, headers=headers_for("resident")
        )
    )


def seed_decision(client: TestClient) -> None:
    record = {"title": "Medborgarbudget Åre 2027", "kommun": "Åre", "budget": 100_000}
    _ok(client.put(f"/rounds/{ROUND}", json=record, headers=headers_for("system")))


def seed_notify(client: TestClient) -> None:
    contact = {"email": "kim@example.se", "consent": True, "consent_version": CONSENT_VERSION}
    _ok(client.put("/contacts/me", json=contact, headers=headers_for("resident")))
    params = {"round_title": "Åre 2027", "closes_at": "2027-05-31T20:00:00+00:00"}
    body = {"event": "voting_opened", "kommun": "Åre", "params": params}
    _ok(client.post(f"/rounds/{ROUND}/announcements", json=body, headers=headers_for("system")))


SEEDS: dict[str, Callable[[TestClient], None]] = {
    "intake": seed_intake,
    "assessment": seed_assessment,
    "voting": seed_voting,
    "decision": seed_decision,
    "notify": seed_notify,
}


def broad_headers() -> dict[str, str]:
    """One token holding every role, so the fuzzer gets past every guard."""
    from services.common.auth import issue_token
    from services.common.settings import ServiceSettings

    token = issue_token(ServiceSettings(), "trust-caller", list(Role), name="Fuzz Testsson")
    return {"Authorization": f"Bearer {token}"}


def snapshot(engine: Engine, metadata: MetaData) -> str:
    """A digest of every row of every table in ``metadata`` (reflected from the database):
    equal digests, unchanged database."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            digest.update(table.name.encode())
            for row in sorted(repr(tuple(row)) for row in conn.execute(select(table))):
                digest.update(row.encode())
    return digest.hexdigest()


def reflected(engine: Engine) -> MetaData:
    metadata = MetaData()
    metadata.reflect(engine)
    assert metadata.sorted_tables
    return metadata
