"""Erasure and the threads on proposals (issue 23): the threads stay open for writing until
voting closes, after intake closed; intake's personal data is erased only once they are
closed (or the round was cancelled) and the retention period has passed since. Then the
texts stay, as the round's public record, and who wrote them goes: residents', companies' and
the proposer's names and every pseudonym; officials and politicians spoke in office."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, select

from services.common.archive import archived_rounds
from services.common.auth import Role
from services.intake.comment_models import CommentNotice, CommentReport, ProposalComment
from services.intake.models import IntakeRound
from tests.conftest import TokenFactory
from tests.services.intake.helpers import proposal_body
from tests.services.intake.helpers import round_body as intake_round
from tests.services.intake.test_comments import politician
from tests.trust.test_personal_data_erasure import ROUND, _backdate, _client, _erase

R = f"/rounds/{ROUND}"


def _post(client: TestClient, proposal: int, headers: dict[str, str], **body: Any) -> int:
    answer = client.post(f"{R}/proposals/{proposal}/comments", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def _thread_with_everyone(client: TestClient, auth: TokenFactory) -> int:
    """A named proposal with a named resident's question, a company's comment, answers by the
    proposer, an official and a politician, a report and a notice to the proposer."""
    assert client.put(R, json=intake_round(), headers=auth(Role.SYSTEM)).is_success
    proposer = auth(Role.RESIDENT, subject="proposer-1", name="Kim Karlsson")
    named = proposal_body(proposer_name="Kim Karlsson", publish_name=True)
    proposal = int(client.post(f"{R}/proposals", json=named, headers=proposer).json()["id"])
    asker = auth(Role.RESIDENT, subject="resident-2", name="Sara Lind")
    question = _post(client, proposal, asker, text="Var?", kind="question", publish_name=True)
    company = auth(Role.COMPANY, subject="company-1", name="Fjällbageriet AB")
    _post(client, proposal, company, text="Bra för handeln.", publish_name=True)
    _post(client, proposal, proposer, text="Vid torget.", parent_id=question)
    _post(client, proposal, auth(Role.OFFICIAL, name="Anna Berg"), text="Ja.", parent_id=question)
    _post(client, proposal, politician(), text="Vi följer det.", parent_id=question)
    report = client.post(
        f"{R}/comments/{question}/reports", json={"reason": "Fel plats."}, headers=proposer
    )
    assert report.status_code == 201, report.text
    return proposal


def test_erasure_waits_for_the_threads_then_keeps_the_texts_without_their_writers(
    database_url: str, auth: TokenFactory
) -> None:
    with _client("intake", database_url) as client:
        app: FastAPI = client.app  # type: ignore[assignment]
        proposal = _thread_with_everyone(client, auth)
        system = auth(Role.SYSTEM)
        assert client.post(f"{R}/close", headers=system).is_success
        _backdate(app, IntakeRound, ROUND, "closed_at")
        # Intake closed long ago, but voting is open: the threads still take answers.
        refused = _erase(client, auth, 409)
        assert refused["type"].endswith("/discussion-open")
        assert "röstningen stänger" in refused["detail"]
        before = client.get(f"{R}/proposals/{proposal}/comments").json()

        assert client.post(f"{R}/discussion/close", headers=system).is_success
        assert _erase(client, auth, 409)["type"].endswith("/retention-not-passed")
        _backdate(app, IntakeRound, ROUND, "discussion_closed_at")
        erased = _erase(client, auth)["erased"]
        after = client.get(f"{R}/proposals/{proposal}/comments").json()

    assert erased["proposal"] == 1
    assert (erased["proposal_comment"], erased["comment_report"]) == (5, 1)
    texts = [(t["text"], [a["text"] for a in t["answers"]]) for t in after["items"]]
    assert texts == [(t["text"], [a["text"] for a in t["answers"]]) for t in before["items"]]
    question, comment = after["items"]
    assert (question["author_role"], question["author_name"]) == ("resident", None)
    assert (comment["author_role"], comment["author_name"]) == ("company", None)
    assert [
        (a["author_role"], a["author_name"], a["author_party"]) for a in question["answers"]
    ] == [
        ("proposer", None, None),
        ("official", "Anna Berg", None),
        ("politician", "Petra Politiker", "Centerpartiet"),
    ]
    with Session(app.state.engine) as session:
        keys = [c.author_key for c in session.exec(select(ProposalComment))]
        assert all(key.startswith("raderad-") for key in keys)
        assert session.exec(select(CommentReport)).all() == []
        notices = session.exec(select(CommentNotice)).all()
        assert notices and all(n.recipient_key.startswith("raderad-") for n in notices)
    app.state.engine.dispose()  # used after the lifespan: closed here


def test_a_cancelled_rounds_erasure_counts_from_its_archiving(
    database_url: str, auth: TokenFactory
) -> None:
    """Cancelled during intake: neither intake nor the threads ever close, the archive ends
    every write; the retention period runs from then."""
    with _client("intake", database_url) as client:
        app: FastAPI = client.app  # type: ignore[assignment]
        _thread_with_everyone(client, auth)
        archive = {"reason": "Anslaget drogs in.", "archived_by": "Olof Ägare"}
        archived = client.post(f"{R}/archive", json=archive, headers=auth(Role.SYSTEM))
        assert archived.status_code == 200, archived.text
        refused = _erase(client, auth, 409)
        assert refused["type"].endswith("/retention-not-passed")
        since = datetime.fromisoformat(archived.json()["archived_at"])
        assert datetime.fromisoformat(refused["erasable_from"]) - since == timedelta(days=30)
        with Session(app.state.engine) as session:  # archived 31 days ago
            session.execute(
                update(archived_rounds).values(archived_at=datetime.now(UTC) - timedelta(days=31))
            )
            session.commit()
        assert _erase(client, auth)["erased"]["proposal_comment"] == 5
        written = client.post(
            f"{R}/proposals/1/comments", json={"text": "Hej"}, headers=auth(Role.RESIDENT)
        )
        assert written.status_code == 409 and written.json()["type"].endswith("/round-archived")
