"""The signature on requests to the kommun's own systems (the diarium, notifications, the
digital mailbox): ``X-Medborgarbudget-Signature: sha256=<HMAC-SHA256 of the body>`` under the
secret the receiver shares, as docs/api.md documents for each adapter."""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Medborgarbudget-Signature"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
