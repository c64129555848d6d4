"""The reminder before voting closes, against the real voting service: those who voted are
left out, and notify never holds a list of who voted."""

from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from services.common.auth import Role
from services.notify.models import Delivery
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from services.notify.voting_client import VotingParticipation
from services.voting.main import create_app as voting_app
from services.voting.settings import VotingSettings
from tests.conftest import TokenFactory
from tests.services.notify.helpers import PEOPLE, announce, give_contact
from tests.services.notify.mail_sink import Collector
from tests.services.voting.conftest import ballot_body


def test_the_reminder_skips_those_who_voted_without_a_list_of_voters(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
    tmp_path: Path,
) -> None:
    voting = voting_app(VotingSettings(database_url=f"sqlite:///{tmp_path}/voting.db"))
    with TestClient(voting) as polls:
        system = auth(Role.SYSTEM)
        assert polls.put("/rounds/are-2027/ballot", json=ballot_body(), headers=system).is_success
        assert polls.post("/rounds/are-2027/open", headers=system).is_success
        for person in PEOPLE[:3]:
            give_contact(client, auth, person, email=f"{person[:8]}@example.se")
        for person in PEOPLE[:2]:  # two of the three vote
            headers = auth(Role.RESIDENT, subject=person)
            cast = polls.post("/rounds/are-2027/ballots", json={"choices": [1]}, headers=headers)
            assert cast.status_code == 201, cast.text
        app.state.not_voted = VotingParticipation(
            settings.model_copy(update={"voting_url": "http://testserver"}), http=polls
        )
        reminder = announce(
            client, auth, "voting_reminder", closes_at=datetime.now(UTC).isoformat()
        )
    assert reminder["recipients"] == 1
    Sender(app.state.engine, settings).send_batch()
    assert [m["To"] for m in mail[0].messages] == [f"{PEOPLE[2][:8]}@example.se"]
    with Session(app.state.engine) as session:  # only the one reminder row: no "voted" rows
        assert len(session.exec(select(Delivery)).all()) == 1
