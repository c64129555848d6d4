"""Pseudonymous keys: identities are stored only as an HMAC with a configured secret."""

import hashlib
import hmac


def pseudonymize(secret: str, identity: str, scope: str) -> str:
    """HMAC-SHA256 of (scope, identity); the same person gets a different key in each round."""
    message = f"{scope}\0{identity}".encode()
    return hmac.digest(secret.encode(), message, hashlib.sha256).hex()
