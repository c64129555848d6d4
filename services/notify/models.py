"""Notify's tables: who may be reached and how (contact, consent), what they follow, and the
messages queued for them.

A contact is keyed by the person's pseudonym (``services/common/pseudonym.py``): an HMAC of the
identity with the configured secret, never the identity itself. The digital mailbox is reached
by personnummer, so a contact who chose it has the number stored encrypted (AES-GCM, key
derived from the pseudonym secret) and nowhere in clear. An announcement is one event of a
round ("voting opens"); a delivery is that event for one recipient, unique per pair, so a
retry or a restart never queues or sends a second copy.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from services.common.types import UtcDateTime


class NotifyModel(SQLModel, registry=registry()):
    """Base of notify's models: its own metadata, so no table is shared with a service."""


class Contact(NotifyModel, table=True):
    """One person's (or company's) address and consent."""

    __tablename__ = "notify_contact"

    key: str = Field(primary_key=True, max_length=64)
    kommun: str = Field(default="", max_length=100, index=True)
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    # The digital mailbox: chosen, and the encrypted identity it is reached by.
    mailbox: bool = False
    mailbox_identity: str | None = Field(default=None, max_length=200)
    language: str = Field(default="sv", max_length=2)
    # What the consent covers: the kommun's rounds (invitations, reminders, results) and, for
    # officials, reminders and escalations of their work.
    invitations: bool = False
    official_notices: bool = False
    consent_version: str = Field(max_length=20)
    consented_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    # An official's display name from the sign-in: the workflow's reminders and escalations
    # name the person they are for by it (docs/api.md); None for everyone else.
    staff_name: str | None = Field(default=None, max_length=200)


class Follow(NotifyModel, table=True):
    """A proposal a contact hears about (received, merged, assessed)."""

    __tablename__ = "notify_follow"

    contact_key: str = Field(primary_key=True, max_length=64)
    round_id: str = Field(primary_key=True, max_length=64)
    proposal_id: int = Field(primary_key=True)
    # The follower's pseudonym as intake keeps a proposer (``pseudonymize(secret, login,
    # round)``): intake's notice of a new question names the proposer by it.
    proposer_key: str | None = Field(default=None, max_length=64)


class Announcement(NotifyModel, table=True):
    """One event of a round, asked for once by the workflow (or by a follow)."""

    __tablename__ = "notify_announcement"
    __table_args__ = (
        UniqueConstraint("round_id", "event", "ref", name="notify_announcement_once"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(max_length=64, index=True)
    kommun: str = Field(max_length=100)
    event: str = Field(max_length=40)
    # What the event is about within the round: a proposal or project id, a notice key; "" for
    # the round itself.
    ref: str = Field(default="", max_length=100)
    # Public values the templates fill in (the round's title, a public reason); never personal.
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    recipients: int = 0
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    # Claimed by a sender (a lease, ``claimed_at``); after a crash it goes again.
    SENDING = "sending"
    # Committed just before the e-mail's end of data: never sent again by itself; "uncertain"
    # while it has no ``answered_at`` (docs/api.md).
    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"


class Delivery(NotifyModel, table=True):
    """One announcement to one recipient: queued, claimed, then sent, skipped or failed."""

    __tablename__ = "notify_delivery"
    __table_args__ = (
        UniqueConstraint("announcement_id", "contact_key", name="notify_delivery_once"),
        Index("ix_notify_delivery_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    announcement_id: int = Field(foreign_key="notify_announcement.id", index=True)
    contact_key: str = Field(max_length=64)
    status: str = Field(default=DeliveryStatus.QUEUED, max_length=10)
    channel: str | None = Field(default=None, max_length=10)
    # Why it was skipped or failed, as a stable code (docs/api.md).
    reason: str | None = Field(default=None, max_length=40)
    attempts: int = 0
    claimed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    # When the mail server's "250" to the end of data was read (the mailbox: its 2xx). A "sent"
    # e-mail without it is uncertain: its sender stopped between the commit and the answer.
    answered_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))


class Lease(NotifyModel, table=True):
    """Which process does a job every process could do (the relay of new questions), until
    when: the holder renews it as it works, another takes it once it has run out."""

    __tablename__ = "notify_lease"

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=64)
    until: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
