"""The identity provider's signing keys: PyJWT's :class:`jwt.PyJWKClient` and its key-set cache.

The client keeps the fetched key set for ``LIFESPAN`` seconds (a key the provider withdraws is
refused within that time) and refetches at most every 30 s for a key id it does not know.
:func:`cached_key` reads that cache without the network, so a request thread only blocks on
the provider when the key set must be fetched.
"""

from functools import lru_cache

import jwt

PROVIDER_ALGORITHMS = ("RS256", "ES256")
LIFESPAN = 300.0


@lru_cache(maxsize=8)
def jwks_client(url: str, lifespan: float = LIFESPAN) -> jwt.PyJWKClient:
    """One client (and so one key-set cache) per JWKS URL for the process."""
    return jwt.PyJWKClient(url, lifespan=lifespan, timeout=5)


def cached_key(client: jwt.PyJWKClient, kid: str) -> jwt.PyJWK | None:
    """The key named ``kid`` if the client's unexpired key set holds it (no network)."""
    key_set = client.jwk_set_cache.get() if client.jwk_set_cache is not None else None
    if key_set is None:
        return None
    signing = (key for key in key_set.keys if key.public_key_use in ("sig", None))
    return next((key for key in signing if key.key_id == kid), None)


def fetched_key(client: jwt.PyJWKClient, kid: str) -> jwt.PyJWK:
    """The key named ``kid``, fetching the key set if needed (blocking: off the event loop).

    Raises :class:`jwt.PyJWKClientConnectionError` when the provider cannot be reached and
    another :class:`jwt.PyJWTError` for an unknown key id or a key set without usable keys.
    """
    return cached_key(client, kid) or client.get_signing_key(kid)
