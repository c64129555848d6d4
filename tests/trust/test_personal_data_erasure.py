"""Erasing a round's personal data (DELETE /rounds/{id}/personal-data, role operations):
refused while the round runs and until the retention period has passed since it ended, then
the personal fields are gone and the round's public record stays."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, SQLModel, select

from services.assessment.models import AssessmentRound, Assignment, ConflictOfInterest
from services.common.auth import Role
from services.decision.models.evaluation import Evaluation
from services.decision.models.project import ImplementationProject
from services.intake.models import IntakeRound, Proposal
from services.notify.models import Announcement, Contact, Delivery, Follow
from services.notify.sender import Sender
from services.voting.models import Ballot, BallotDefinition, ParticipationMarker
from tests.conftest import TokenFactory
from tests.services.assessment.helpers import assign
from tests.services.assessment.helpers import round_body as assessment_round
from tests.services.helpers import assert_problem
from tests.services.intake.helpers import PERSONNUMMER, proposal_body
from tests.services.intake.helpers import round_body as intake_round
from tests.services.notify.helpers import PEOPLE, give_contact
from tests.services.notify.mail_sink import smtp_sink
from tests.services.voting.conftest import ballot_body
from tests.trust.apps import service_app

ROUND = "are-2027"
ERASE = f"/rounds/{ROUND}/personal-data"


def _client(service: str, database_url: str) -> TestClient:
    app = service_app(service, database_url)
    app.state.settings.personal_data_retention_days = 30
    return TestClient(app)


def _backdate(app: FastAPI, model: type[SQLModel], key: str, field: str) -> None:
    """The round ended 31 days ago: past the 30-day retention period."""
    with Session(app.state.engine) as session:
        row = session.get(model, key)
        assert row is not None
        setattr(row, field, datetime.now(UTC) - timedelta(days=31))
        session.add(row)
        session.commit()


def _rows(app: FastAPI, model: type[SQLModel]) -> list[Any]:
    with Session(app.state.engine) as session:
        return list(session.exec(select(model)).all())


def _erase(client: TestClient, auth: TokenFactory, status: int = 200) -> dict[str, Any]:
    answer = client.delete(ERASE, headers=auth(Role.OPERATIONS))
    if status != 200:
        return assert_problem(answer, status)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_intake_erases_proposers_after_the_retention_period(
    database_url: str, auth: TokenFactory
) -> None:
    with _client("intake", database_url) as client:
        app: FastAPI = client.app  # type: ignore[assignment]
        assert_problem(client.delete(ERASE, headers=auth(Role.OPERATIONS)), 404)
        system = auth(Role.SYSTEM)
        assert client.put(f"/rounds/{ROUND}", json=intake_round(), headers=system).is_success
        named = proposal_body(proposer_name="Kim Karlsson", publish_name=True)
        answer = client.post(f"/rounds/{ROUND}/proposals", json=named, headers=auth(Role.RESIDENT))
        assert answer.status_code == 201, answer.text
        assert _erase(client, auth, 409)["type"].endswith("/round-not-ended")
        # The workflow's call, whose first answer is stored under its Idempotency-Key.
        keyed = {**system, "Idempotency-Key": f"{ROUND}:close-intake"}
        assert client.post(f"/rounds/{ROUND}/close", headers=keyed).is_success
        # The threads on the proposals are open until voting closes: who wrote is needed.
        assert _erase(client, auth, 409)["type"].endswith("/discussion-open")
        assert client.post(f"/rounds/{ROUND}/discussion/close", headers=system).is_success
        refused = _erase(client, auth, 409)
        assert refused["type"].endswith("/retention-not-passed")
        assert refused["erasable_from"]
        assert _rows(app, Proposal)[0].proposer_name == "Kim Karlsson"

        _backdate(app, IntakeRound, ROUND, "closed_at")
        assert _erase(client, auth, 409)["type"].endswith("/retention-not-passed")
        _backdate(app, IntakeRound, ROUND, "discussion_closed_at")
        none = {"proposal_comment": 0, "comment_report": 0}
        assert _erase(client, auth)["erased"] == {"proposal": 1, **none, "idempotency_record": 1}
        assert _erase(client, auth)["erased"] == {"proposal": 0, **none, "idempotency_record": 0}
        (proposal,) = _rows(app, Proposal)
        assert proposal.proposer_name is None
        assert "raderad" in proposal.proposer_key and "raderad" in proposal.owner_key
        shown = client.get(f"/rounds/{ROUND}/proposals/{proposal.id}").json()
        assert shown["title"] == named["title"] and shown["proposer_name"] is None


def test_a_name_without_consent_to_show_it_is_not_stored(
    database_url: str, auth: TokenFactory
) -> None:
    with _client("intake", database_url) as client:
        app: FastAPI = client.app  # type: ignore[assignment]
        system, owner = auth(Role.SYSTEM), auth(Role.RESIDENT)
        assert client.put(f"/rounds/{ROUND}", json=intake_round(), headers=system).is_success
        hidden = proposal_body(proposer_name="Kim Karlsson", publish_name=False)
        answer = client.post(f"/rounds/{ROUND}/proposals", json=hidden, headers=owner)
        assert answer.status_code == 201, answer.text
        assert [p.proposer_name for p in _rows(app, Proposal)] == [None]
        shown = {k: v for k, v in hidden.items() if k not in ("proposer_kind", "identity_number")}
        path = f"/rounds/{ROUND}/proposals/{answer.json()['id']}"
        edit = client.put(path, json=shown | {"publish_name": True}, headers=owner)
        assert edit.json()["proposer_name"] == "Kim Karlsson"
        assert client.put(path, json=shown, headers=owner).is_success
        assert [p.proposer_name for p in _rows(app, Proposal)] == [None]


def test_voting_replaces_voter_keys_and_receipts_but_keeps_the_ballots(
    database_url: str, auth: TokenFactory
) -> None:
    with _client("voting", database_url) as client:
        app: FastAPI = client.app  # type: ignore[assignment]
        system = auth(Role.SYSTEM)
        assert client.put(f"/rounds/{ROUND}/ballot", json=ballot_body(), headers=system).is_success
        assert client.post(f"/rounds/{ROUND}/open", headers=system).is_success
        cast = client.post(
            f"/rounds/{ROUND}/ballots",
            json={"choices": [1, 3]},
            headers=auth(Role.RESIDENT, subject=PERSONNUMMER),
        )
        assert cast.status_code in (200, 201), cast.text
        assert _erase(client, auth, 409)["type"].endswith("/round-not-ended")
        (cast_ballot,) = _rows(app, Ballot)
        assert cast_ballot.age_band is not None  # from the personnummer, until erased
        assert client.post(f"/rounds/{ROUND}/close", headers=system).is_success
        tally = client.post(f"/rounds/{ROUND}/tally", headers=system).json()
        _erase(client, auth, 409)

        _backdate(app, BallotDefinition, ROUND, "updated_at")
        assert len(_rows(app, ParticipationMarker)) == 1
        erased = _erase(client, auth)["erased"]
        assert erased["ballot"] == 1 and erased["participation_marker"] == 1
        assert _rows(app, ParticipationMarker) == []
        (ballot,) = _rows(app, Ballot)
        assert ballot.choices == [1, 3]
        assert ballot.voter_key.startswith("raderad") and ballot.receipt.startswith("raderad")
        assert (ballot.area, ballot.age_band) == (None, None)
        receipt = cast.json()["receipt"]
        assert client.get(f"/rounds/{ROUND}/receipts/{receipt}").json()["counted"] is False
        assert (
            client.get(f"/rounds/{ROUND}/results").json()["ballots_hash"] == (tally["ballots_hash"])
        )


def test_assessment_deletes_assignments_and_conflict_declarations(
    database_url: str, auth: TokenFactory
) -> None:
    with _client("assessment", database_url) as client:
        app: FastAPI = client.app  # type: ignore[assignment]
        body = assessment_round()
        assert client.put(f"/rounds/{ROUND}", json=body, headers=auth(Role.SYSTEM)).is_success
        assign(client, auth, [1])
        conflict = client.post(
            f"/rounds/{ROUND}/proposals/2/conflict-of-interest",
            json={"reason": "Min bror lämnade förslaget."},
            headers=auth(Role.ASSESSOR, subject="assessor-2", name="Eva Ek"),
        )
        assert conflict.is_success, conflict.text
        assert _erase(client, auth, 409)["type"].endswith("/round-not-ended")

        _backdate(app, AssessmentRound, ROUND, "closed_at")
        erased = _erase(client, auth)["erased"]
        assert erased["assessment_assignment"] == 1
        assert erased["assessment_conflict_of_interest"] == 1
        assert _rows(app, Assignment) == [] and _rows(app, ConflictOfInterest) == []


def test_decision_replaces_staff_names_in_the_follow_up(
    database_url: str, auth: TokenFactory
) -> None:
    with _client("decision", database_url) as client:
        app: FastAPI = client.app  # type: ignore[assignment]
        assert_problem(client.delete(ERASE, headers=auth(Role.OPERATIONS)), 404)
        record = {"title": "Medborgarbudget Åre 2027", "kommun": "Åre", "budget": 100_000}
        answer = client.put(f"/rounds/{ROUND}", json=record, headers=auth(Role.SYSTEM))
        assert answer.is_success, answer.text
        assert _erase(client, auth, 409)["type"].endswith("/round-not-ended")
        now = datetime.now(UTC)
        with Session(app.state.engine) as session:
            session.add(
                ImplementationProject(
                    round_id=ROUND, project_id=1, approved_cost=10_000, status="done",
                    owner="Olof Ägare",
                )
            )  # fmt: skip
            session.add(
                Evaluation(
                    round_id=ROUND, status="submitted", opened_at=now, deadline=now,
                    summary="Bra.", submitted_by="Anna Berg", closed_at=now, participation={},
                )
            )  # fmt: skip
            session.commit()
        _erase(client, auth, 409)
        _backdate(app, Evaluation, ROUND, "closed_at")
        erased = _erase(client, auth)["erased"]
        assert erased["implementation_project"] == 1 and erased["round_evaluation"] == 1
        assert [p.owner for p in _rows(app, ImplementationProject)] == ["raderad"]
        assert [e.submitted_by for e in _rows(app, Evaluation)] == ["raderad"]


def test_notify_erases_who_got_which_message_and_people_erase_their_own_contact(
    database_url: str, auth: TokenFactory
) -> None:
    with _client("notify", database_url) as client, smtp_sink() as (sink, port):
        app: FastAPI = client.app  # type: ignore[assignment]
        settings = app.state.settings
        settings.smtp_host, settings.smtp_port = "127.0.0.1", port
        assert_problem(client.delete(ERASE, headers=auth(Role.OPERATIONS)), 404)
        person = give_contact(client, auth, PEOPLE[0])
        follow = {"round_id": ROUND, "proposal_id": 12}
        assert client.post("/contacts/me/follows", json=follow, headers=person).is_success
        # Still queued: the round's messages are not all out.
        assert _erase(client, auth, 409)["type"].endswith("/round-not-ended")
        Sender(app.state.engine, settings).send_batch()
        assert len(sink.messages) == 1
        assert _erase(client, auth, 409)["type"].endswith("/retention-not-passed")
        with Session(app.state.engine) as session:
            month_ago = datetime.now(UTC) - timedelta(days=31)
            for row in [*session.exec(select(Announcement)), *session.exec(select(Delivery))]:
                for field in ("created_at", "sent_at"):
                    if hasattr(row, field):
                        setattr(row, field, month_ago)
                session.add(row)
            session.commit()
        erased = _erase(client, auth)["erased"]
        assert erased["notify_delivery"] == 1 and erased["notify_follow"] == 1
        assert _rows(app, Delivery) == [] and _rows(app, Follow) == []
        assert [a.recipients for a in _rows(app, Announcement)] == [1]
        # The contact itself is the person's to erase, at any time, in one call.
        assert len(_rows(app, Contact)) == 1
        assert client.delete("/contacts/me", headers=person).status_code == 204
        assert _rows(app, Contact) == []
