"""Pseudonymous keys: identities are stored only as an HMAC with a configured secret."""

import hashlib
import hmac


def pseudonymize(secret: str, identity: str, scope: str) -> str:
    """HMAC-SHA256 of (scope, identity); the same person gets a different key in each round."""
    message = f"{scope}\0{identity}".encode()
    return hmac.digest(secret.encode(), message, hashlib.sha256).hex()


def contact_key(secret: str, identity: str) -> str:
    """A person's (or company's: ``org:<number>``) one key across rounds, for their contact
    data in the notify service; ``identity`` normalised as the voting service keys voters."""
    return pseudonymize(secret, identity, "contact")


def participation_marker(secret: str, key: str, round_id: str) -> str:
    """Derived from a contact key alone: what the voting service stores when someone votes, so
    the notify service can ask whether its reminder recipients have voted without either side
    handing over a list of voters (docs/api.md, "Påminnelsen före röstningen stänger")."""
    return pseudonymize(secret, key, f"participation:{round_id}")
