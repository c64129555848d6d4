"""Who a caller is to the notify service: their contact key, and the mailbox identity sealed.

The key is derived as the voting service derives a voter's (``services/common/person_key.py``),
so that a vote can be matched to a reminder's recipient by a derived marker and nothing else.
The digital mailbox needs the personnummer itself; it is stored sealed with AES-GCM under a
key derived from the pseudonym secret, and opened only to hand it to the mailbox's
förmedlingstjänst.
"""

import base64
import hashlib
import hmac
import os
from datetime import date

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.common.auth import Principal, Role
from services.common.errors import Problem
from services.common.identity_numbers import IdentityNumberError, parse_organisationsnummer
from services.common.person_key import IdentityKind, keyed_identity, normalised_person, person_key


def _caller(principal: Principal, today: date) -> tuple[IdentityKind, str, str | None]:
    """Who the caller is (kind, normalised identity) and their personnummer if they have one;
    a company sign-in without a valid organisationsnummer counts as its subject."""
    if Role.COMPANY in principal.roles and Role.RESIDENT not in principal.roles:
        number = principal.claims.get("organisationsnummer")
        try:
            return "company", parse_organisationsnummer(str(number)), None
        except IdentityNumberError:
            return "person", principal.subject.strip(), None
    identity, born = normalised_person(principal.subject, today)
    return "person", identity, identity if born is not None else None


def identity_of(principal: Principal, today: date) -> tuple[str, str | None]:
    """The normalised identity, and the personnummer if the caller is a person who has one."""
    kind, identity, personnummer = _caller(principal, today)
    return keyed_identity(kind, identity), personnummer


def key_of(secret: str, principal: Principal, today: date) -> str:
    kind, identity, _personnummer = _caller(principal, today)
    return person_key(secret, kind, identity)


def _sealing_key(secret: str) -> bytes:
    return hmac.digest(secret.encode(), b"notify:mailbox-identity", hashlib.sha256)


def seal(secret: str, personnummer: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_sealing_key(secret)).encrypt(nonce, personnummer.encode(), b"mailbox")
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(secret: str, sealed: str) -> str:
    raw = base64.urlsafe_b64decode(sealed.encode())
    return AESGCM(_sealing_key(secret)).decrypt(raw[:12], raw[12:], b"mailbox").decode()


def mailbox_identity(principal: Principal, today: date, organisations: bool) -> str:
    """What the digital mailbox reaches the caller by: a personnummer, or for a company
    ``org:<organisationsnummer>`` when the förmedlingstjänst reaches organisations
    (``MB_MAILBOX_ORGANISATIONS``: Kivra does); a 422 Problem saying why not otherwise."""
    identity, personnummer = identity_of(principal, today)
    if personnummer is not None:
        return personnummer
    if not identity.startswith("org:"):
        raise mailbox_refused()
    if not organisations:
        raise Problem(
            422,
            "Kommunens digitala brevlåda når bara privatpersoner, med personnummer, inte "
            "företag. Ange en e-postadress för företaget i stället.",
            code="mailbox-not-for-organisations",
        )
    return identity


def mailbox_refused() -> Problem:
    return Problem(
        422,
        "Den digitala brevlådan nås med personnummer; din inloggning har inget personnummer. "
        "Ange en e-postadress i stället.",
        code="mailbox-needs-personnummer",
    )
