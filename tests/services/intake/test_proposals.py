"""Proposals: submitted by residents, companies and officials while intake is open."""

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
from tests.services.intake.helpers import MAX_COST, ROUND_ID, proposal_body, round_body


def _submit(client: TestClient, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    answer = client.post(
        f"/rounds/{ROUND_ID}/proposals", json=proposal_body(**changes), headers=headers
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _all_stored_values(engine: Engine) -> str:
    """Every row of every table in the service's database, as text."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        rows = [repr(tuple(row)) for t in metadata.sorted_tables for row in conn.execute(select(t))]
    return "\n".join(rows)


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.COMPANY, Role.OFFICIAL])
def test_a_proposal_is_stored_and_shown_without_the_name_by_default(
    client: TestClient, auth: TokenFactory, open_round: str, role: Role
) -> None:
    before = datetime.now(UTC)
    created = _submit(client, auth(role), proposer_name="Anna Andersson")

    assert created == {
        "id": created["id"],
        "round_id": open_round,
        "title": "Cykelställ vid torget",
        "description": "Tjugo nya cykelställ vid torget, nära butikerna.",
        "cost_estimate": 40_000,
        "local_business_benefit": "Fler kunder stannar vid butikerna.",
        "proposer_name": None,
        "status": "submitted",
        "created_at": created["created_at"],
    }
    assert datetime.fromisoformat(created["created_at"]) >= before
    shown = client.get(f"/rounds/{open_round}/proposals/{created['id']}")
    listed = client.get(f"/rounds/{open_round}/proposals")
    assert shown.json() == created
    assert listed.json()["items"] == [created]
    assert "Anna" not in shown.text + listed.text
    assert client.get(f"/rounds/{open_round}").json()["proposal_count"] == 1


def test_the_name_is_shown_only_with_consent(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    public = _submit(client, auth(Role.RESIDENT), proposer_name="Anna Andersson", publish_name=True)
    hidden = _submit(client, auth(Role.RESIDENT), proposer_name="Bo Berg", publish_name=False)

    assert public["proposer_name"] == "Anna Andersson"
    assert hidden["proposer_name"] is None
    listed = client.get(f"/rounds/{open_round}/proposals").json()["items"]
    assert [p["proposer_name"] for p in listed] == ["Anna Andersson", None]


def test_the_proposer_identity_is_stored_only_as_a_pseudonym(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    personnummer = "191212121212"
    created = _submit(client, auth(Role.RESIDENT, subject=personnummer))

    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    assert personnummer not in _all_stored_values(engine)
    with Session(engine) as session:
        stored = session.get(Proposal, created["id"])
    assert stored is not None
    assert stored.proposer_key == pseudonymize(DEV_PSEUDONYM_SECRET, personnummer, open_round)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "ab"}, "title"),
        ({"title": "   ab   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": None}, "title"),
        ({"description": "för kort"}, "description"),
        ({"description": "x" * 10_001}, "description"),
        ({"cost_estimate": 0}, "cost_estimate"),
        ({"cost_estimate": -5}, "cost_estimate"),
        ({"cost_estimate": 12.5}, "cost_estimate"),
        ({"cost_estimate": "mycket"}, "cost_estimate"),
        ({"cost_estimate": MAX_COST + 1}, "cost_estimate"),
        ({"local_business_benefit": "x" * 5001}, "local_business_benefit"),
        ({"proposer_name": "x" * 201}, "proposer_name"),
        ({"publish_name": "kanske"}, "publish_name"),
    ],
)
def test_invalid_proposals_are_refused_with_the_field_named(
    client: TestClient, auth: TokenFactory, open_round: str, changes: dict[str, Any], field: str
) -> None:
    answer = client.post(
        f"/rounds/{open_round}/proposals",
        json=proposal_body(**changes),
        headers=auth(Role.RESIDENT),
    )

    body = assert_problem(answer, 422, "validation")
    assert [e["field"] for e in body["errors"]] == [field]
    assert client.get(f"/rounds/{open_round}").json()["proposal_count"] == 0


def test_the_cost_ceiling_is_explained_in_kronor(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    answer = client.post(
        f"/rounds/{open_round}/proposals",
        json=proposal_body(cost_estimate=MAX_COST + 1),
        headers=auth(Role.RESIDENT),
    )

    assert "500\u00a0000\u00a0kr" in assert_problem(answer, 422)["detail"]


def test_a_missing_body_is_a_422(client: TestClient, auth: TokenFactory, open_round: str) -> None:
    answer = client.post(f"/rounds/{open_round}/proposals", headers=auth(Role.RESIDENT))

    assert_problem(answer, 422, "validation")


def test_submitting_needs_a_proposer_role(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    url = f"/rounds/{open_round}/proposals"

    assert_problem(client.post(url, json=proposal_body()), 401, "unauthorized")
    assert_problem(client.post(url, json=proposal_body(), headers=auth(Role.ASSESSOR)), 403)
    assert_problem(client.post(url, json=proposal_body(), headers=auth(Role.SYSTEM)), 403)


def test_proposals_after_the_deadline_are_refused_even_before_close(
    client: TestClient, auth: TokenFactory
) -> None:
    passed = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    client.put(
        f"/rounds/{ROUND_ID}", json=round_body(intake_closes_at=passed), headers=auth(Role.SYSTEM)
    )

    answer = client.post(
        f"/rounds/{ROUND_ID}/proposals", json=proposal_body(), headers=auth(Role.RESIDENT)
    )

    assert_problem(answer, 409, "intake-closed")
    round_ = client.get(f"/rounds/{ROUND_ID}").json()
    assert (round_["status"], round_["proposal_count"]) == ("open", 0)


def test_unknown_rounds_and_proposals_are_404(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    created = _submit(client, auth(Role.RESIDENT))
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


def test_proposals_are_listed_oldest_first_a_page_at_a_time(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    ids = [_submit(client, auth(Role.RESIDENT), title=f"Förslag {n}")["id"] for n in range(5)]

    page = client.get(f"/rounds/{open_round}/proposals", params={"limit": 2, "offset": 2})
    first = client.get(f"/rounds/{open_round}/proposals")

    assert page.json()["total"] == 5
    assert (page.json()["limit"], page.json()["offset"]) == (2, 2)
    assert [p["id"] for p in page.json()["items"]] == ids[2:4]
    assert [p["title"] for p in first.json()["items"]] == [f"Förslag {n}" for n in range(5)]
    assert (first.json()["limit"], first.json()["offset"]) == (50, 0)
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}):
        assert_problem(client.get(f"/rounds/{open_round}/proposals", params=bad), 422)


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


def test_the_database_refuses_a_proposal_in_an_unknown_round(client: TestClient) -> None:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    orphan = Proposal(
        round_id="okand",
        proposer_key="x",
        created_at=datetime.now(UTC),
        **proposal_body(),
    )

    with Session(engine) as session, pytest.raises(IntegrityError):
        session.add(orphan)
        session.commit()
