"""Notify settings: the shared service settings, the mail server, the digital mailbox and the
pace of sending. Every setting is an ``MB_`` variable (docs/operations.md)."""

from pydantic import Field

from services.common.settings import DATABASE_URL, ServiceSettings


class NotifySettings(ServiceSettings):
    database_url: str = Field(default="sqlite:///.data/notify.db", validation_alias=DATABASE_URL)
    # MB_SMTP_*: the kommun's mail server. Unset host: mail is off, the sender logs what it
    # would have sent and leaves the messages queued.
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_from: str = "Medborgarbudget <noreply@medborgarbudget.localhost>"
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout: float = Field(default=30.0, gt=0, le=600)
    # MB_MAILBOX_URL: the digital mailbox's förmedlingstjänst (Mina meddelanden, Kivra) behind
    # the contract in docs/api.md; unset: the mailbox is off and such messages are skipped.
    mailbox_url: str = ""
    mailbox_secret: str = ""
    # MB_MAILBOX_ORGANISATIONS: the förmedlingstjänst also reaches companies by
    # organisationsnummer (Kivra does); false: a company choosing the mailbox is refused.
    mailbox_organisations: bool = False
    # MB_PUBLIC_URL: the web front's address, for links in messages (unsubscribe, the round).
    public_url: str = "http://127.0.0.1:8100"
    # MB_VOTING_URL: asked which of a reminder's recipients have not voted (docs/api.md).
    voting_url: str = "http://127.0.0.1:8103"
    # MB_INTAKE_URL: its outbox of new questions for proposers, read every
    # MB_NOTIFY_QUESTIONS_SECONDS (services/notify/questions.py); "" switches that off.
    intake_url: str = "http://127.0.0.1:8101"
    notify_questions_seconds: float = Field(default=30.0, ge=0.1, le=3600)
    # MB_NOTIFY_RATE: messages per second one process sends at most (the mail server's limit).
    notify_rate: float = Field(default=300.0, gt=0, le=100_000)
    # MB_NOTIFY_BATCH: messages claimed per batch; MB_NOTIFY_SENDER=false: no sending here.
    notify_batch: int = Field(default=200, ge=1, le=10_000)
    notify_sender: bool = True
    # MB_NOTIFY_CONNECTIONS: senders (threads, each with its own SMTP connection) per process;
    # they wait on the mail server and the database, so a few overlap their waits.
    notify_connections: int = Field(default=4, ge=1, le=64)
    # MB_NOTIFY_LEASE_SECONDS: a claimed message not sent within this time is claimed again
    # (its process died); MB_UNSUBSCRIBE_DAYS: how long an unsubscribe link works.
    notify_lease_seconds: int = Field(default=120, ge=5, le=86_400)
    unsubscribe_days: int = Field(default=90, ge=1, le=3650)
