"""Submitting proposals: what is stored and shown, and who may submit to which round when."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from services.common.auth import Role
from services.common.pseudonym import pseudonymize
from services.common.settings import DEV_PSEUDONYM_SECRET
from services.intake.models import Proposal
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import (
    ASSOCIATION_NUMBER,
    ORGANISATIONSNUMMER,
    PERSONNUMMER,
    ROUND_ID,
    proposal_body,
    refused,
    round_body,
    stored,
    submit,
)


def _all_stored_values(client: TestClient) -> str:
    """Every row of every table in the service's database, as text."""
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        rows = [repr(tuple(row)) for t in metadata.sorted_tables for row in conn.execute(select(t))]
    return "\n".join(rows)


@pytest.mark.parametrize(
    ("role", "kind", "number"),
    [
        (Role.RESIDENT, "resident", PERSONNUMMER),
        (Role.RESIDENT, "worker", "8112189876"),
        (Role.RESIDENT, "association", ASSOCIATION_NUMBER),
        (Role.COMPANY, "company", ORGANISATIONSNUMMER),
        (Role.COMPANY, "association", ASSOCIATION_NUMBER),
    ],
)
def test_a_proposal_is_stored_and_shown_without_identity_or_name(
    client: TestClient, auth: TokenFactory, open_round: str, role: Role, kind: str, number: str
) -> None:
    before = datetime.now(UTC)
    created = submit(
        client, auth(role), proposer_kind=kind, identity_number=number, proposer_name="Anna"
    )

    assert created == {
        "id": created["id"],
        "round_id": open_round,
        "title": "Cykelställ vid torget",
        "description": "Tjugo nya cykelställ vid torget, nära butikerna.",
        "category": "handel",
        "area": "are-by",
        "location": "Torget i Åre",
        "cost_estimate": 40_000,
        "local_business_benefit": "Fler kunder stannar vid butikerna.",
        "proposer_kind": kind,
        "proposer_name": None,
        "channel": "web",
        "meeting_id": None,
        "status": "submitted",
        "created_at": created["created_at"],
        "updated_at": created["created_at"],
    }
    assert datetime.fromisoformat(created["created_at"]) >= before
    shown = client.get(f"/rounds/{open_round}/proposals/{created['id']}")
    listed = client.get(f"/rounds/{open_round}/proposals")
    assert shown.json() == created
    assert listed.json()["items"] == [created]
    assert "Anna" not in shown.text + listed.text
    assert number not in shown.text + listed.text
    assert client.get(f"/rounds/{open_round}").json()["proposal_count"] == 1


def test_the_name_is_shown_only_with_consent(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    public = submit(client, auth(Role.RESIDENT), proposer_name="Anna Andersson", publish_name=True)
    hidden = submit(client, auth(Role.RESIDENT), proposer_name="Bo Berg", publish_name=False)

    assert public["proposer_name"] == "Anna Andersson"
    assert hidden["proposer_name"] is None
    listed = client.get(f"/rounds/{open_round}/proposals").json()["items"]
    assert [p["proposer_name"] for p in listed] == ["Anna Andersson", None]


def test_identity_and_login_are_stored_only_as_pseudonyms(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    login = "197001011234-bankid"
    short = submit(client, auth(Role.RESIDENT, subject=login), identity_number="121212+1212")
    long = submit(client, auth(Role.RESIDENT, subject=login), identity_number="191212121212")

    stored_values = _all_stored_values(client)
    for secret in (login, "121212", "1212121212"):
        assert secret not in stored_values
    first, second = stored(client, short["id"]), stored(client, long["id"])
    # However the number was written, the same person gets the same pseudonym.
    expected = pseudonymize(DEV_PSEUDONYM_SECRET, "191212121212", open_round)
    assert first.proposer_key == second.proposer_key == expected
    assert first.owner_key == pseudonymize(DEV_PSEUDONYM_SECRET, login, open_round)


def test_submitting_needs_a_proposer_role(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    url = f"/rounds/{open_round}/proposals"

    assert_problem(client.post(url, json=proposal_body()), 401, "unauthorized")
    assert_problem(client.post(url, json=proposal_body(), headers=auth(Role.ASSESSOR)), 403)
    assert_problem(client.post(url, json=proposal_body(), headers=auth(Role.SYSTEM)), 403)


def test_a_missing_body_is_a_422(client: TestClient, auth: TokenFactory, open_round: str) -> None:
    answer = client.post(f"/rounds/{open_round}/proposals", headers=auth(Role.RESIDENT))

    assert_problem(answer, 422, "validation")


def test_proposals_after_the_deadline_are_refused_even_before_close(
    client: TestClient, auth: TokenFactory
) -> None:
    passed = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    client.put(
        f"/rounds/{ROUND_ID}", json=round_body(intake_closes_at=passed), headers=auth(Role.SYSTEM)
    )

    refused(client, auth(Role.RESIDENT), 409, "intake-closed")
    assert client.get(f"/rounds/{ROUND_ID}").json()["status"] == "open"


def test_unknown_rounds_and_proposals_are_404(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    created = submit(client, auth(Role.RESIDENT))
    client.put("/rounds/ovik-2027", json=round_body(), headers=auth(Role.SYSTEM))

    assert_problem(
        client.post("/rounds/okand/proposals", json=proposal_body(), headers=auth(Role.RESIDENT)),
        404,
        "round-not-found",
    )
    assert_problem(client.get("/rounds/okand/proposals"), 404, "round-not-found")
    assert_problem(client.get(f"/rounds/{open_round}/proposals/999"), 404, "proposal-not-found")
    assert_problem(client.get(f"/rounds/ovik-2027/proposals/{created['id']}"), 404)
    assert_problem(client.get(f"/rounds/{open_round}/proposals/0"), 422)


def test_a_repeated_submission_with_the_same_idempotency_key_creates_nothing_new(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    headers = {**auth(Role.RESIDENT), "Idempotency-Key": "formular-7f3a"}
    url = f"/rounds/{open_round}/proposals"

    first = client.post(url, json=proposal_body(), headers=headers)
    repeat = client.post(url, json=proposal_body(), headers=headers)
    other_body = client.post(url, json=proposal_body(title="Annat förslag"), headers=headers)

    assert first.status_code == repeat.status_code == 201
    assert repeat.json() == first.json()
    assert_problem(other_body, 422, "idempotency-key-reused")
    assert client.get(url).json()["total"] == 1


@pytest.mark.parametrize(
    "changes",
    [{"round_id": "okand"}, {"proposer_kind": "tourist"}, {"channel": "fax"}],
)
def test_the_database_refuses_what_the_api_would(
    client: TestClient, open_round: str, changes: dict[str, Any]
) -> None:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    fields: dict[str, Any] = {
        "round_id": open_round,
        "proposer_kind": "resident",
        "proposer_key": "x",
        "owner_key": "y",
        "channel": "web",
        "search_text": "",
        "created_at": now,
        "updated_at": now,
        "title": "Direkt i databasen",
        "description": "Skrivet förbi tjänsten.",
        "cost_estimate": 1,
    }

    with Session(engine) as session, pytest.raises(IntegrityError):
        session.add(Proposal(**(fields | changes)))
        session.commit()


def test_metrics_count_the_proposals(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    submit(client, auth(Role.RESIDENT), proposer_kind="resident", identity_number=PERSONNUMMER)
    assert 'mb_proposals{service="intake"} 1.0' in client.get("/metrics").text
