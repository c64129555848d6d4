"""The two ways a message leaves: e-mail over SMTP (standard library) and the digital mailbox.

``Mail`` keeps one SMTP connection for a batch (STARTTLS and login when configured). SMTP has
no idempotency: a server that has read a message's end of data has it, and one that has not
discards the message (RFC 5321 4.1.1.4; aiosmtpd drops a DATA cut off by a closed
connection). So the conversation is split where the risk is: the envelope and the message go
first, without their end of data; then the sender commits the message as sent
(``commit_sent``, a commit that also proves the message is still this sender's); then the end
of data goes, one socket write, and the answer is read. A sender that dies before that commit
leaves a message no server took, which goes again; one that dies after it has handed the
message over, unless it died between the commit and that write (on PostgreSQL that includes
the commit's round trip: the server completes a COMMIT it received); such a message is left
without ``answered_at``, uncertain (``services/notify/uncertain.py``). A refusal of the end
of data (4xx, 5xx) or a failed write of it undoes the "sent" (``Unsent``,
``PermanentFailure``). MAIL, RCPT and DATA go in one round trip where the server offers
PIPELINING (RFC 2920). Every message has a Message-ID made from its delivery id, which the
kommun's mail server logs. The mailbox is an HTTP adapter behind the contract in docs/api.md,
idempotent by its Idempotency-Key, so there a retry is always safe.
"""

import json
import logging
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.message import Message as MailMessage
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, parseaddr

import httpx

from services.common.request_signing import SIGNATURE_HEADER, sign
from services.common.types import utc_now
from services.notify.rendering import Message
from services.notify.settings import NotifySettings

log = logging.getLogger(__name__)
# Quoted-printable bodies: Swedish text stays readable in the .eml files of `make run`.
UTF8_QP = Charset("utf-8")
UTF8_QP.body_encoding = QP
# Header lines up to RFC 5322's 998 characters: the unsubscribe link stays on one line.
UNFOLDED = compat32.clone(max_line_length=998)
WIRE = UNFOLDED.clone(linesep="\r\n")


class PermanentFailure(Exception):
    """The receiving side refused this message for good (a bad address); the reason code."""


class NoAnswer(Exception):
    """The end of data was written and no answer came: the server most likely has it (it is
    missing only if the connection was already gone, which the client cannot tell)."""


class Unsent(smtplib.SMTPException):
    """After the "sent" commit the server did not take the message: it answered "not now"
    (4xx) to the end of data, or the end of data could not be written. It goes again."""


class Taken(Exception):
    """The "sent" commit found the message no longer this sender's (its lease lapsed)."""


@dataclass(frozen=True)
class Outgoing:
    delivery_id: int
    message: Message
    # The web front's unsubscribe page; RFC 8058's one-click POST goes to the same address.
    unsubscribe_url: str


def message_id(settings: NotifySettings, delivery_id: int) -> str:
    domain = parseaddr(settings.smtp_from)[1].rpartition("@")[2] or "medborgarbudget.localhost"
    return f"<delivery-{delivery_id}@{domain}>"


def email_message(settings: NotifySettings, outgoing: Outgoing, to: str) -> MailMessage:
    """The message, built with the classic (compat32) API: a third of the modern API's cost
    per message, which counts at 100,000 invitations."""
    body = outgoing.message.body  # a Charset works as MIMEText's charset, as its docs say
    mail = MIMEText(body, "plain", UTF8_QP, policy=UNFOLDED)  # type: ignore[arg-type]
    mail["From"] = formataddr(parseaddr(settings.smtp_from), "utf-8")
    mail["To"] = to
    mail["Subject"] = Header(outgoing.message.subject, "utf-8").encode()
    mail["Date"] = format_datetime(utc_now())
    mail["Message-ID"] = message_id(settings, outgoing.delivery_id)
    # RFC 2369 and RFC 8058: mail programs show an unsubscribe button that posts to the link.
    mail["List-Unsubscribe"] = f"<{outgoing.unsubscribe_url}>"
    mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail["Auto-Submitted"] = "auto-generated"
    mail["Content-Language"] = outgoing.message.language
    return mail


class Mail:
    """An SMTP session for one batch; opened on the first message."""

    def __init__(self, settings: NotifySettings) -> None:
        self._settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        settings = self._settings
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
        # The end of data is written on its own after the "sent" commit: without this,
        # Nagle's algorithm holds those three bytes until the message is acknowledged, which
        # a receiver's delayed ACK puts off by up to 40 ms a message.
        assert smtp.sock is not None  # connected by the constructor
        smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        return smtp

    def send(self, outgoing: Outgoing, to: str, commit_sent: Callable[[], bool]) -> None:
        """Sends one message; ``commit_sent`` records it as sent just before its end of data
        and answers False when the message is not this sender's any more."""
        if self._smtp is None:
            self._smtp = self._connect()
        smtp = self._smtp
        smtp.ehlo_or_helo_if_needed()
        wire = email_message(self._settings, outgoing, to).as_bytes(policy=WIRE)
        # smtplib's own dot-stuffing and line ends (RFC 5321 4.5.2), on text; surrogateescape
        # carries any byte through unchanged.
        text = smtplib.quotedata(wire.decode("utf-8", "surrogateescape"))
        data = text.encode("utf-8", "surrogateescape")
        options = ["SMTPUTF8"] if not to.isascii() and smtp.has_extn("smtputf8") else []
        if not to.isascii() and not options:
            raise PermanentFailure("address-refused")
        envelope_from = parseaddr(self._settings.smtp_from)[1]
        if smtp.has_extn("pipelining"):  # RFC 2920: one round trip for the three commands
            command = f"MAIL FROM:{smtplib.quoteaddr(envelope_from)}"
            command += "".join(f" {option}" for option in options)
            smtp.send(f"{command}\r\nRCPT TO:{smtplib.quoteaddr(to)}\r\nDATA\r\n".encode())
            mail_from, rcpt_to, data_start = (smtp.getreply() for _ in range(3))
            self._expect(mail_from, (250,), "message")
            self._expect(rcpt_to, (250, 251), "address")
            self._expect(data_start, (354,), "message")
        else:
            self._expect(smtp.mail(envelope_from, options), (250,), "message")
            self._expect(smtp.rcpt(to), (250, 251), "address")
            self._expect(smtp.docmd("DATA"), (354,), "message")
        try:
            smtp.send(data if data.endswith(b"\r\n") else data + b"\r\n")
            committed = commit_sent()
        except BaseException:
            self._drop()  # mid-data: never QUIT (it would be message text); the server discards
            raise
        if not committed:
            self._drop()
            raise Taken()
        try:
            smtp.send(b".\r\n")  # the one write between the commit and the handing-over
        except smtplib.SMTPServerDisconnected as exc:  # nothing written: the server discards
            self._drop()
            raise Unsent(str(exc)) from exc
        try:
            code, reply = smtp.getreply()
        except smtplib.SMTPServerDisconnected as exc:
            self._drop()
            raise NoAnswer(str(exc)) from exc
        if 400 <= code < 500:
            raise Unsent(f"{code} {reply.decode(errors='replace')}")
        self._expect((code, reply), (250,), "message")

    def _expect(self, answer: tuple[int, bytes], codes: tuple[int, ...], what: str) -> None:
        code, text = answer
        if code in codes:
            return
        if 500 <= code < 600:
            if self._smtp is not None:
                self._smtp.rset()
            raise PermanentFailure(f"{what}-refused")
        raise smtplib.SMTPResponseException(code, text)  # 4xx: not taken now, try later

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except smtplib.SMTPException:
                self._smtp.close()
            self._smtp = None


def _recipient(reached_by: str) -> dict[str, str]:
    if reached_by.startswith("org:"):
        return {"organisationsnummer": reached_by.removeprefix("org:")}
    return {"personnummer": reached_by}


class Mailbox:
    """POST {MB_MAILBOX_URL}/messages, signed, with the message id as Idempotency-Key."""

    def __init__(self, settings: NotifySettings, http: httpx.Client) -> None:
        self._settings = settings
        self._http = http

    def send(self, outgoing: Outgoing, reached_by: str, kommun: str) -> None:
        """``reached_by``: a personnummer, or ``org:<organisationsnummer>`` for a company."""
        settings = self._settings
        mid = message_id(settings, outgoing.delivery_id).strip("<>")
        body = json.dumps(
            {
                "message_id": mid,
                "recipient": _recipient(reached_by),
                "sender": {"name": f"Medborgarbudgeten i {kommun}"},
                "subject": outgoing.message.subject,
                "body": outgoing.message.body,
                "language": outgoing.message.language,
            },
            ensure_ascii=False,
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": mid,
            SIGNATURE_HEADER: sign(settings.mailbox_secret, body),
        }
        answer = self._http.post(f"{settings.mailbox_url}/messages", content=body, headers=headers)
        if answer.status_code in (404, 422):  # no mailbox for this person, or refused for good
            raise PermanentFailure("mailbox-refused")
        answer.raise_for_status()
