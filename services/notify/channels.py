"""The two ways a message leaves: e-mail over SMTP (standard library) and the digital mailbox.

``Mail`` keeps one SMTP connection for a batch (STARTTLS and login when configured). Every
message has a Message-ID made from its delivery id, so the one message that may go twice (the
server accepted it and the process died before recording that) is the same message to the
receiving system. The mailbox is an HTTP adapter behind the contract in docs/api.md.
"""

import json
import logging
import smtplib
import ssl
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


class PermanentFailure(Exception):
    """The receiving side refused this message for good (a bad address); the reason code."""


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
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        return smtp

    def send(self, outgoing: Outgoing, to: str) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(email_message(self._settings, outgoing, to))
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure("address-refused") from exc
        except smtplib.SMTPDataError as exc:
            if 500 <= exc.smtp_code < 600:
                raise PermanentFailure("message-refused") from exc
            raise

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except smtplib.SMTPException:
                self._smtp.close()
            self._smtp = None


class Mailbox:
    """POST {MB_MAILBOX_URL}/messages, signed, with the message id as Idempotency-Key."""

    def __init__(self, settings: NotifySettings, http: httpx.Client) -> None:
        self._settings = settings
        self._http = http

    def send(self, outgoing: Outgoing, personnummer: str, kommun: str) -> None:
        settings = self._settings
        mid = message_id(settings, outgoing.delivery_id).strip("<>")
        body = json.dumps(
            {
                "message_id": mid,
                "recipient": {"personnummer": personnummer},
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
