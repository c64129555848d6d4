"""Messages through a real SMTP server on loopback, parsed back: headers, Swedish (or English)
text, a working unsubscribe link, no personnummer; and who is skipped, and why."""

import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from services.common.auth import Role, verify_token
from services.notify.identity import key_of
from services.notify.models import Delivery
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from services.notify.unsubscribe import make_token
from tests.conftest import TokenFactory
from tests.services.helpers import assert_problem
from tests.services.notify.conftest import FakeVoting
from tests.services.notify.helpers import PEOPLE, ROUND, announce, give_contact
from tests.services.notify.mail_sink import Collector

CLOSES = "2027-05-31T20:00:00+00:00"


def _forms(numbers: list[str]) -> list[str]:
    """Every way a personnummer may be written: 19500101-1005, 195001011005, 500101-1005..."""
    forms = []
    for number in numbers:
        digits = number.replace("-", "")
        forms += [number, digits, digits[2:], f"{digits[2:8]}-{digits[8:]}"]
    return forms


def _send_all(app: FastAPI, settings: NotifySettings) -> int:
    sender, handled = Sender(app.state.engine, settings), 0
    while sent := sender.send_batch():
        handled += sent
    return handled


def _text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def _token(message: EmailMessage) -> str:
    found = re.search(r"token=([\w.\-=]+)", message["List-Unsubscribe"])
    assert found is not None
    return found.group(1)


def _progress(client: TestClient, auth: TokenFactory) -> dict[str, int]:
    answer = client.get(f"/rounds/{ROUND}/announcements", headers=auth(Role.OFFICIAL))
    assert answer.status_code == 200, answer.text
    totals: dict[str, int] = answer.json()["totals"]
    return totals


def test_voting_opens_mail_in_swedish_and_english_with_an_unsubscribe_link(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    sink = mail[0]
    give_contact(client, auth, PEOPLE[0], mailbox=True)
    give_contact(client, auth, PEOPLE[1], email="alex@example.com", name=None, language="en")
    give_contact(client, auth, PEOPLE[2], email="sam@example.se", invitations=False)
    first = announce(client, auth, "voting_opened", closes_at=CLOSES)
    assert first["recipients"] == 2 and first["counts"]["queued"] == 2
    assert _send_all(app, settings) == 2
    (swedish,) = sink.to("kim@example.se")
    assert swedish["Subject"] == "Nu kan du rösta i Medborgarbudget Åre 2027"
    assert swedish["From"] == "Åre kommun <medborgarbudget@are.example>"
    assert swedish["Content-Language"] == "sv"
    assert re.fullmatch(r"<delivery-\d+@are\.example>", swedish["Message-ID"])
    assert swedish["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert swedish["List-Unsubscribe"].startswith(
        "<https://medborgarbudget.are.example/avregistrera?token="
    )
    body = _text(swedish)
    assert body.startswith("Hej Kim!")
    assert "Röstningen stänger 2027-05-31 kl. 22:00." in body
    assert "https://medborgarbudget.are.example/omgangar/are-2027/rosta" in body
    assert _token(swedish) in body
    (english,) = sink.to("alex@example.com")
    assert english["Subject"] == "You can now vote in Medborgarbudget Åre 2027"
    assert _text(english).startswith("Hello,")
    for raw in sink.raw:
        assert not any(form in raw.decode() for form in _forms(PEOPLE)), "a personnummer"
    assert _progress(client, auth)["sent"] == 2
    # The same event again: the first announcement, nothing queued, nothing sent.
    again = announce(client, auth, "voting_opened", closes_at=CLOSES)
    assert again["id"] == first["id"] and again["recipients"] == 2
    assert _send_all(app, settings) == 0 and len(sink.messages) == 2


def test_unsubscribe_link_works_and_forged_or_expired_ones_change_nothing(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    headers = give_contact(client, auth, PEOPLE[0])
    announce(client, auth, "voting_opened", closes_at=CLOSES)
    _send_all(app, settings)
    token = _token(mail[0].messages[0])
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert_problem(
        client.post("/unsubscribe", json={"token": forged}), 400, "unsubscribe-link-invalid"
    )
    other = token.replace("invitations", "all")
    assert_problem(client.post("/unsubscribe", json={"token": other}), 400)
    key = token.split(".")[0]
    past = datetime.now(UTC) - timedelta(days=1)
    expired = make_token(settings.pseudonym_secret, key, "invitations", past)
    assert_problem(
        client.post("/unsubscribe", json={"token": expired}), 410, "unsubscribe-link-expired"
    )
    assert client.get("/contacts/me", headers=headers).json()["invitations"] is True
    answer = client.post("/unsubscribe", json={"token": token})
    assert answer.status_code == 200 and answer.json() == {"stopped": "invitations"}
    assert client.get("/contacts/me", headers=headers).json()["invitations"] is False
    assert announce(client, auth, "results_published", voters=812)["recipients"] == 0


def test_consent_withdrawn_between_queueing_and_sending_is_skipped_with_the_reason(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    leaving = give_contact(client, auth, PEOPLE[0])
    give_contact(client, auth, PEOPLE[1], email="alex@example.com")
    announce(client, auth, "voting_opened", closes_at=CLOSES)
    assert client.delete("/contacts/me", headers=leaving).status_code == 204
    _send_all(app, settings)
    assert [m["To"] for m in mail[0].messages] == ["alex@example.com"]
    answer = client.get(f"/rounds/{ROUND}/announcements", headers=auth(Role.SYSTEM)).json()
    (sent,) = answer["announcements"]
    assert sent["counts"]["sent"] == 1 and sent["counts"]["skipped"] == 1
    assert sent["skipped_reasons"] == {"consent-withdrawn": 1}


def test_the_reminder_goes_only_to_those_who_have_not_voted(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
    voting: FakeVoting,
) -> None:
    give_contact(client, auth, PEOPLE[0])
    voter_headers = give_contact(client, auth, PEOPLE[1], email="alex@example.com")
    voter = verify_token(settings, voter_headers["Authorization"].split()[1])
    voting.voted.add(key_of(settings.pseudonym_secret, voter, datetime.now(UTC).date()))
    reminder = announce(client, auth, "voting_reminder", closes_at=CLOSES)
    assert reminder["recipients"] == 1 and voting.asked == [2]
    _send_all(app, settings)
    (only,) = mail[0].messages
    assert only["To"] == "kim@example.se"
    assert only["Subject"] == "Påminnelse: röstningen i Medborgarbudget Åre 2027 stänger snart"


def test_a_proposer_hears_of_receipt_merge_and_assessment(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    headers = give_contact(client, auth, PEOPLE[0])
    follow = {"round_id": ROUND, "proposal_id": 12}
    assert client.post("/contacts/me/follows", json=follow, headers=headers).status_code == 201
    assert client.post("/contacts/me/follows", json=follow, headers=headers).status_code == 201
    reason = "Förslaget ligger på mark som kommunen inte äger."
    announce(
        client, auth, "assessment_outcome", ref="12", proposal_id=12, feasible=False, reason=reason
    )
    announce(
        client, auth, "assessment_outcome", ref="13", proposal_id=13, feasible=True, reason="Ok"
    )
    _send_all(app, settings)
    subjects = [m["Subject"] for m in mail[0].to("kim@example.se")]
    assert subjects == [
        "Vi har tagit emot ditt förslag 12",
        "Ditt förslag 12 kan inte genomföras",
    ]
    assert reason in _text(mail[0].messages[1])
    assert "/omgangar/are-2027/forslag/12" in _text(mail[0].messages[1])


def test_an_announcement_missing_a_value_its_message_needs_is_refused(
    client: TestClient, auth: TokenFactory
) -> None:
    body = {"event": "voting_opened", "kommun": "Åre", "params": {"round_title": "Åre 2027"}}
    answer = client.post(f"/rounds/{ROUND}/announcements", json=body, headers=auth(Role.SYSTEM))
    problem = assert_problem(answer, 422, "announcement-values-missing")
    assert problem["missing"] == ["closes_at"]
    listed = client.get(f"/rounds/{ROUND}/announcements", headers=auth(Role.SYSTEM)).json()
    assert listed["announcements"] == []


def test_a_sender_whose_claim_lapsed_leaves_the_messages_to_their_new_owner(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
) -> None:
    for person in PEOPLE[:3]:
        give_contact(client, auth, person, email=f"{person[:8]}@example.se")
    announce(client, auth, "voting_opened", closes_at=CLOSES)
    stalled, other = Sender(app.state.engine, settings), Sender(app.state.engine, settings)
    assert len(stalled.claim()) == 3
    lapsed = datetime.now(UTC) - timedelta(seconds=settings.notify_lease_seconds + 1)
    with app.state.engine.begin() as connection:  # the stalled sender's lease ran out
        connection.execute(update(Delivery).values(claimed_at=lapsed))
    stalled._claimed_at = lapsed
    assert other.send_batch() == 3
    assert stalled._renew([1, 2, 3]) == set()  # nothing is its to send any more
    assert len(mail[0].messages) == 3


def test_outcomes_come_a_page_at_a_time_and_only_to_followers(
    client: TestClient, auth: TokenFactory
) -> None:
    headers = give_contact(client, auth, PEOPLE[0])
    follow = {"round_id": ROUND, "proposal_id": 12}
    assert client.post("/contacts/me/follows", json=follow, headers=headers).status_code == 201
    outcome = {"event": "assessment_outcome", "params": {"proposal_id": 12, "reason": "Ok."}}
    batch = {"announcements": [outcome | {"ref": "12"}, outcome | {"ref": "13"}]}
    path = f"/rounds/{ROUND}/announcement-batches"
    answer = client.post(path, json=batch, headers=auth(Role.SYSTEM))
    assert answer.json() == {"announced": 2, "recipients": 1}
    crowd = {"announcements": [{"event": "voting_opened", "params": {"closes_at": CLOSES}}]}
    refused = client.post(path, json=crowd, headers=auth(Role.SYSTEM))
    assert_problem(refused, 422, "not-a-follower-event")
