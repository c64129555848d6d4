"""`make run`'s mail sink offers PIPELINING like the kommun's server: the sender then sends MAIL,
RCPT and DATA in one round trip, and each message still lands once, whole, as its own file
(and a refused recipient is still failed for good)."""

import email
import email.policy
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from medborgarbudget.mail_sink import FileSink
from services.notify.channels import Mail, Outgoing
from services.notify.rendering import Message
from services.notify.settings import NotifySettings


@pytest.fixture
def sink(tmp_path: Path) -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    controller = Controller(FileSink(tmp_path), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def test_pipelined_messages_land_once_each(sink: int, tmp_path: Path) -> None:
    settings = NotifySettings(smtp_host="127.0.0.1", smtp_port=sink, database_url="sqlite://")
    mail, committed = Mail(settings), list[int]()

    def commit_sent() -> bool:
        committed.append(len(committed))
        return True

    for n in range(3):
        body = f"Hej!\n\n.en rad som börjar med punkt\nNummer {n}.\n"
        outgoing = Outgoing(n + 1, Message(f"Brev {n}", body, "sv"), "https://x.example/a")
        mail.send(outgoing, f"person{n}@example.se", commit_sent)
    assert mail._smtp is not None and mail._smtp.has_extn("pipelining")
    mail.close()
    assert committed == [0, 1, 2]
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 3
    parsed = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    assert sorted(str(m["To"]) for m in parsed) == [f"person{n}@example.se" for n in range(3)]
    text = parsed[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert ".en rad som börjar med punkt" in text  # the leading dot came back undoubled
