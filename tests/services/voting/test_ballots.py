"""Casting ballots: one pseudonymous ballot per voter and round, the last one counts."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from services.common.auth import Role
from services.common.idempotency import idempotency_metadata
from services.common.pseudonym import pseudonymize
from services.voting.models import BallotDefinition, VotingModel
from services.voting.settings import VotingSettings
from tests.conftest import TokenFactory
from tests.services.helpers import PROBLEM_JSON
from tests.services.voting.conftest import ROUND, ballot_body, stored_ballots

PERSONNUMMER = "199001011234"


def _cast(
    client: TestClient, auth: TokenFactory, choices: list[int], subject: str = PERSONNUMMER
) -> Any:
    return client.post(
        f"/rounds/{ROUND}/ballots",
        json={"choices": choices},
        headers=auth(Role.RESIDENT, subject=subject, name="Anna Andersson"),
    )


def test_first_ballot_is_201_with_a_receipt(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    answer = _cast(client, auth, [1, 3])
    assert answer.status_code == 201
    receipt = answer.json()
    assert receipt["round_id"] == ROUND
    assert receipt["replaced"] is False
    assert len(receipt["receipt"]) == 14  # XXXX-XXXX-XXXX (receipt_codes)
    assert datetime.fromisoformat(receipt["cast_at"]).tzinfo is not None
    [ballot] = stored_ballots(client)
    assert ballot.choices == [1, 3]
    assert ballot.receipt == receipt["receipt"]
    assert client.get(f"/rounds/{ROUND}/ballot").json()["ballot_count"] == 1


def test_a_new_ballot_replaces_the_old_one_and_keeps_one_row(
    client: TestClient, auth: TokenFactory, open_round: str, app_settings: VotingSettings
) -> None:
    first = _cast(client, auth, [1, 3])
    second = _cast(client, auth, [2])
    assert second.status_code == 200
    assert second.json()["replaced"] is True
    assert second.json()["receipt"] != first.json()["receipt"]
    [ballot] = stored_ballots(client)
    assert ballot.choices == [2]
    assert ballot.voter_key == pseudonymize(app_settings.pseudonym_secret, PERSONNUMMER, ROUND)


def test_different_voters_get_separate_ballots(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    for subject in ("a", "b", "c"):
        assert _cast(client, auth, [1], subject=subject).status_code == 201
    assert len({b.voter_key for b in stored_ballots(client)}) == 3


def test_the_identity_is_stored_nowhere(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    _cast(client, auth, [1, 2])
    headers = {
        **auth(Role.RESIDENT, subject=PERSONNUMMER, name="Anna Andersson"),
        "Idempotency-Key": "vote-1",
    }
    client.post(f"/rounds/{ROUND}/ballots", json={"choices": [4]}, headers=headers)
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        tables = [*VotingModel.metadata.sorted_tables, *idempotency_metadata.sorted_tables]
        stored = repr([list(conn.execute(select(table))) for table in tables])
    assert PERSONNUMMER not in stored
    assert "Anna" not in stored
    assert [b.choices for b in stored_ballots(client)] == [[4]]


def test_repeat_with_the_same_idempotency_key_returns_the_first_receipt(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    headers = {**auth(Role.RESIDENT, subject=PERSONNUMMER), "Idempotency-Key": "vote-abc"}
    url = f"/rounds/{ROUND}/ballots"
    first = client.post(url, json={"choices": [1]}, headers=headers)
    before = stored_ballots(client)
    second = client.post(url, json={"choices": [1]}, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert stored_ballots(client) == before


def test_casting_before_voting_opens_is_409(
    client: TestClient, auth: TokenFactory, system: dict[str, str]
) -> None:
    client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system)
    answer = _cast(client, auth, [1])
    assert answer.status_code == 409
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert answer.json()["type"].endswith("/voting-not-open")
    assert stored_ballots(client) == []


def test_casting_after_close_is_409_and_the_old_ballot_stays(
    client: TestClient, auth: TokenFactory, system: dict[str, str], open_round: str
) -> None:
    _cast(client, auth, [1])
    client.post(f"/rounds/{ROUND}/close", headers=system)
    answer = _cast(client, auth, [2])
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("/voting-not-open")
    assert [b.choices for b in stored_ballots(client)] == [[1]]


def test_casting_after_closes_at_is_409_even_before_the_workflow_closes(
    client: TestClient, auth: TokenFactory, system: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    past = ballot_body(
        opens_at=(now - timedelta(days=2)).isoformat(),
        closes_at=(now - timedelta(seconds=1)).isoformat(),
    )
    client.put(f"/rounds/{ROUND}/ballot", json=past, headers=system)
    client.post(f"/rounds/{ROUND}/open", headers=system)
    answer = _cast(client, auth, [1])
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("/voting-not-open")


@pytest.mark.parametrize(
    ("choices", "code"),
    [
        ([1, 2, 3, 4], "too-many-choices"),
        ([1, 99], "unknown-project"),
        ([1, 1], "validation"),
        ([], "validation"),
        (["ett"], "validation"),
    ],
)
def test_invalid_choices_are_422_and_nothing_is_stored(
    client: TestClient, auth: TokenFactory, open_round: str, choices: list[Any], code: str
) -> None:
    answer = _cast(client, auth, choices)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == PROBLEM_JSON
    assert answer.json()["type"].endswith(f"/{code}")
    assert stored_ballots(client) == []


def test_invalid_replacement_keeps_the_previous_ballot(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    _cast(client, auth, [1, 2])
    assert _cast(client, auth, [99]).status_code == 422
    assert [b.choices for b in stored_ballots(client)] == [[1, 2]]


def test_unknown_round_is_404(client: TestClient, auth: TokenFactory) -> None:
    answer = client.post(
        "/rounds/nowhere-1/ballots", json={"choices": [1]}, headers=auth(Role.RESIDENT)
    )
    assert answer.status_code == 404
    assert answer.json()["type"].endswith("/ballot-not-found")


def test_voting_needs_a_signed_in_resident(
    client: TestClient, auth: TokenFactory, open_round: str
) -> None:
    url = f"/rounds/{ROUND}/ballots"
    assert client.post(url, json={"choices": [1]}).status_code == 401
    official = client.post(url, json={"choices": [1]}, headers=auth(Role.OFFICIAL))
    assert official.status_code == 403
    assert official.headers["content-type"] == PROBLEM_JSON
    assert stored_ballots(client) == []


def test_a_close_committed_while_a_ballot_is_being_stored_wins(
    client: TestClient, auth: TokenFactory, open_round: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules are cached as open; the store looks again under lock, in its transaction."""
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    writer = client.app.state.ballot_box.writer  # type: ignore[attr-defined]
    write = writer.write

    async def close_first(ballot: Any) -> Any:
        with engine.begin() as other:
            other.execute(
                update(BallotDefinition)
                .where(BallotDefinition.round_id == ROUND)  # type: ignore[arg-type]
                .values(status="closed")
            )
        return await write(ballot)

    monkeypatch.setattr(writer, "write", close_first)
    answer = _cast(client, auth, [1])
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("/voting-not-open")
    assert stored_ballots(client) == []
