"""Signed, expiring unsubscribe links (``List-Unsubscribe`` and the footer of every message).

A token is ``<payload>.<signature>``: the payload names the contact key, what to stop and when
the link expires; the signature is an HMAC-SHA256 of it under a key derived from the pseudonym
secret. A forged or changed token fails the signature check, an old one its expiry; either is
refused and changes nothing.
"""

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Literal

from services.common.errors import Problem

Topic = Literal["invitations", "official_notices", "all"]
TOPICS: tuple[Topic, ...] = ("invitations", "official_notices", "all")


def _key(secret: str) -> bytes:
    return hmac.digest(secret.encode(), b"notify:unsubscribe-link", hashlib.sha256)


def _signature(secret: str, payload: str) -> str:
    digest = hmac.digest(_key(secret), payload.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make_token(secret: str, contact_key: str, topic: Topic, expires: datetime) -> str:
    payload = f"{contact_key}.{topic}.{int(expires.timestamp())}"
    return f"{payload}.{_signature(secret, payload)}"


def token_lifetime(days: int) -> timedelta:
    return timedelta(days=days)


def read_token(secret: str, token: str, now: datetime) -> tuple[str, Topic]:
    """The contact key and topic of a valid token; a 400 or 410 Problem otherwise."""
    payload, _, signature = token.rpartition(".")
    if not hmac.compare_digest(signature.encode(), _signature(secret, payload).encode()):
        raise Problem(
            400,
            "Avregistreringslänken är inte giltig. Använd länken i ett brev från oss, eller "
            "ändra dina val på sidan Mina notiser.",
            code="unsubscribe-link-invalid",
        )
    key, topic, expires = payload.split(".")
    if int(expires) < now.timestamp():
        raise Problem(
            410,
            "Avregistreringslänken har gått ut. Använd länken i ett nyare brev, eller ändra dina "
            "val på sidan Mina notiser.",
            code="unsubscribe-link-expired",
        )
    if topic not in TOPICS:  # signed by us, so only an old format could get here
        raise Problem(400, "Avregistreringslänken är inte giltig.", code="unsubscribe-link-invalid")
    return key, topic
