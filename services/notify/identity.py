"""Who a caller is to the notify service: their contact key, and the mailbox identity sealed.

The key is the same pseudonym scheme as every service (``services/common/pseudonym.py``), of
the identity normalised as the voting service normalises a voter's, so that a vote can be
matched to a reminder's recipient by a derived marker and nothing else. The digital mailbox
needs the personnummer itself; it is stored sealed with AES-GCM under a key derived from the
pseudonym secret, and opened only to hand it to the mailbox's förmedlingstjänst.
"""

import base64
import hashlib
import hmac
import os
from datetime import date

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.common.auth import Principal, Role
from services.common.errors import Problem
from services.common.identity_numbers import (
    IdentityNumberError,
    parse_organisationsnummer,
    personnummer_and_birth_date,
)
from services.common.pseudonym import contact_key


def identity_of(principal: Principal, today: date) -> tuple[str, str | None]:
    """The normalised identity, and the personnummer if the caller is a person who has one."""
    if Role.COMPANY in principal.roles and Role.RESIDENT not in principal.roles:
        number = principal.claims.get("organisationsnummer")
        try:
            return f"org:{parse_organisationsnummer(str(number))}", None
        except IdentityNumberError:
            return principal.subject.strip(), None
    try:
        personnummer, _born = personnummer_and_birth_date(principal.subject, today)
    except IdentityNumberError:
        return principal.subject.strip(), None
    return personnummer, personnummer


def key_of(secret: str, principal: Principal, today: date) -> str:
    return contact_key(secret, identity_of(principal, today)[0])


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
