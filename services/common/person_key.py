"""The one pseudonymous key of a person or company across rounds, as both the voting service
(a voter's participation marker) and the notify service (a contact's key) derive it.

Both must write an identity the same way, or a vote would not match its reminder's
recipient: a personnummer normalised (every way of writing it gives one person), a company
as ``org:<organisationsnummer>``. The key itself is :func:`services.common.pseudonym.contact_key`.
"""

from datetime import date
from typing import Literal

from services.common.identity_numbers import IdentityNumberError, personnummer_and_birth_date
from services.common.pseudonym import contact_key

IdentityKind = Literal["person", "company"]


def normalised_person(subject: str, today: date) -> tuple[str, date | None]:
    """The personnummer in its one written form and the birth date it gives; a subject that
    is no personnummer (a test identity, a foreign id) as given, trimmed, and no birth date."""
    try:
        return personnummer_and_birth_date(subject, today)
    except IdentityNumberError:
        return subject.strip(), None


def keyed_identity(kind: IdentityKind, identity: str) -> str:
    """The identity as keys are derived from it: a company's (normalised) organisationsnummer
    prefixed ``org:``, so that it never meets a person's number."""
    return identity if kind == "person" else f"org:{identity}"


def person_key(secret: str, kind: IdentityKind, identity: str) -> str:
    """The person's (or company's) contact key, the same in every service and round."""
    return contact_key(secret, keyed_identity(kind, identity))
