"""Request and answer bodies of the notify service."""

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from services.common.strict import StrictRequest
from services.common.types import MAX_ID, ROUND_ID_PATTERN
from services.notify.events import Event

Language = Literal["sv", "en"]
# A practical check, not RFC 5322: one @, a dotted domain, no spaces or angle brackets (which
# would let an address add a recipient or a header).
PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
EMAIL = re.compile(r"^[^@\s<>,;\"()\[\]\\]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class ContactIn(StrictRequest):
    """What a person gives: how to reach them, and what the consent covers."""

    email: str | None = Field(default=None, max_length=254, description="E-postadress")
    name: str | None = Field(default=None, max_length=200, description="Ditt namn, för hälsningen")
    language: Language = "sv"
    mailbox: bool = Field(default=False, description="Även till min digitala brevlåda")
    invitations: bool = Field(default=True, description="Kommunens omgångar: röstning, resultat")
    official_notices: bool = Field(default=False, description="Påminnelser i tjänsten")
    consent: bool = Field(description="Jag godkänner samtyckestexten")
    consent_version: str = Field(max_length=20)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not EMAIL.match(value):
            raise ValueError("Det här är inte en e-postadress (skriv t.ex. namn@exempel.se).")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _consented_with_an_address(self) -> "ContactIn":
        if not self.consent:
            raise ValueError("Du behöver godkänna samtyckestexten för att få meddelanden.")
        if self.email is None and not self.mailbox:
            raise ValueError(
                "Ange en e-postadress eller välj den digitala brevlådan; annars kan vi inte nå dig."
            )
        return self


class ContactOut(BaseModel):
    email: str | None
    name: str | None
    language: str
    mailbox: bool
    invitations: bool
    official_notices: bool
    kommun: str
    consent_version: str
    consented_at: datetime
    follows: list[str] = []


class ConsentText(BaseModel):
    version: str
    text: dict[str, str]


class FollowIn(StrictRequest):
    round_id: str = Field(pattern=ROUND_ID_PATTERN)
    proposal_id: int = Field(ge=1, le=MAX_ID)


class AnnouncementIn(StrictRequest):
    """The workflow's one request per event; ``params`` are public values for the templates."""

    event: Event
    # "": the kommun of the round's earlier announcements (a proposal's followers need none).
    kommun: str = Field(default="", max_length=100)
    ref: str = Field(default="", max_length=100, pattern=r"^[A-Za-z0-9.:_-]*$")
    params: dict[str, str | int | bool | None] = Field(default_factory=dict, max_length=20)
    # official_notice: whom the workflow's notice names ("Anna Berg", "Anna Berg, Bo Ek", "the
    # project's escalation (Anna Berg)" or a role); the officials whose sign-in name is among
    # them get it, else every official of the kommun who asked for notices.
    to: str = Field(default="", max_length=1000)

    @field_validator("params")
    @classmethod
    def _short_values(cls, params: dict[str, Any]) -> dict[str, Any]:
        for name, value in params.items():
            if not PARAM_NAME.match(name):
                raise ValueError(f"Okänt fältnamn {name!r}.")
            if isinstance(value, str) and len(value) > 2000:
                raise ValueError(f"{name} är för långt (högst 2000 tecken).")
        return params


class DeliveryCounts(BaseModel):
    queued: int = 0
    sending: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    # Of the sent: e-mails with no answer from the mail server, for staff to settle.
    uncertain: int = 0


class AnnouncementOut(BaseModel):
    id: int
    round_id: str
    event: Event
    ref: str
    recipients: int
    created_at: datetime
    counts: DeliveryCounts
    skipped_reasons: dict[str, int] = {}
    # The whole round's sending so far, for the workflow's current details.
    round_totals: DeliveryCounts | None = None


class UnsubscribeIn(StrictRequest):
    token: str = Field(min_length=10, max_length=500)


class Unsubscribed(BaseModel):
    stopped: str


class UncertainDelivery(BaseModel):
    """An e-mail to look up in the mail server's log by its Message-ID; no address here."""

    id: int
    message_id: str
    announcement_id: int
    event: Event
    sent_at: datetime
    reason: str | None


class UncertainPage(BaseModel):
    round_id: str
    total: int
    items: list[UncertainDelivery]


class SettlementIn(StrictRequest):
    outcome: Literal["delivered", "lost"] = Field(
        description="delivered: finns i e-postserverns logg; lost: finns inte där, skicka igen"
    )


class SettlementOut(BaseModel):
    id: int
    outcome: str
    status: str
