"""The round's later mails through a real SMTP server, parsed back: the result, the council's
decision and a funded project done, with the values the workflow sends (a project's mail with
only its id: the kommun and round title come from the round's earlier announcements). Swedish
text (English for who chose it), the unsubscribe link and no personnummer."""

import re
from email.message import EmailMessage

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.auth import Role
from services.notify.sender import Sender
from services.notify.settings import NotifySettings
from tests.conftest import TokenFactory
from tests.services.notify.helpers import PEOPLE, ROUND, announce, give_contact
from tests.services.notify.mail_sink import Collector

SITE = "https://medborgarbudget.are.example"
EVENTS = [
    (
        "results_published",
        "",
        {"voters": 1812},
        "Resultatet av Medborgarbudget Åre 2027",
        ["Rösterna i medborgarbudgeten i Åre är räknade. 1 812 personer röstade."],
        f"{SITE}/omgangar/{ROUND}/resultat",
        "The result of Medborgarbudget Åre 2027",
    ),
    (
        "council_decided",
        "",
        {"projects": 7},
        "Fullmäktige har beslutat om Medborgarbudget Åre 2027",
        ["Kommunfullmäktige i Åre har beslutat att 7 projekt ur medborgarbudgeten ska"],
        f"{SITE}/omgangar/{ROUND}/projekt",
        "The council has decided on Medborgarbudget Åre 2027",
    ),
    (
        "project_done",
        "12",
        {"project_id": 12},
        "Projekt 12 i Medborgarbudget Åre 2027 är klart",
        ["Projekt 12 ur medborgarbudgeten i Åre är genomfört."],
        f"{SITE}/omgangar/{ROUND}/projekt/12",
        "Project 12 of Medborgarbudget Åre 2027 is done",
    ),
]


def _text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


@pytest.mark.parametrize(
    ("event", "ref", "params", "subject", "lines", "link", "english"),
    EVENTS,
    ids=[e[0] for e in EVENTS],
)
def test_the_rounds_later_mails_parsed_back(
    client: TestClient,
    app: FastAPI,
    settings: NotifySettings,
    auth: TokenFactory,
    mail: tuple[Collector, int],
    event: str,
    ref: str,
    params: dict[str, int],
    subject: str,
    lines: list[str],
    link: str,
    english: str,
) -> None:
    give_contact(client, auth, PEOPLE[0], email="kim@example.se", name="Kim")
    give_contact(client, auth, PEOPLE[1], email="sam@example.se", name="Sam", language="en")
    # Voting opened earlier in the round; its announcement names the kommun and the title.
    announce(client, auth, "voting_opened", closes_at="2027-05-31T20:00:00+00:00")
    body = {"event": event, "ref": ref, "params": params}  # as the workflow sends it
    answer = client.post(f"/rounds/{ROUND}/announcements", json=body, headers=auth(Role.SYSTEM))
    assert answer.status_code == 201 and answer.json()["recipients"] == 2, answer.text
    sender = Sender(app.state.engine, settings)
    while sender.send_batch():
        pass
    (swedish,) = [m for m in mail[0].to("kim@example.se") if m["Subject"] == subject]
    text = _text(swedish)
    assert text.startswith("Hej Kim!")
    for line in lines:
        assert line in " ".join(text.split()), text
    assert link in text and f"{SITE}/notiser" in text
    assert swedish["Content-Language"] == "sv"
    unsubscribe = re.fullmatch(
        rf"<({SITE}/avregistrera\?token=[\w.\-=]+)>", swedish["List-Unsubscribe"]
    )
    assert unsubscribe is not None and unsubscribe.group(1) in text
    assert swedish["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert swedish["Message-ID"].startswith("<delivery-") and swedish["From"].endswith(
        "are.example>"
    )
    (other,) = [m for m in mail[0].to("sam@example.se") if m["Subject"] == english]
    assert other["Content-Language"] == "en" and _text(other).startswith("Hello Sam,")
    for raw in mail[0].raw:
        for person in PEOPLE:
            digits = person.replace("-", "")
            assert person.encode() not in raw and digits.encode() not in raw
            assert digits[2:].encode() not in raw
