"""The identity provider's signing keys, fetched from its JWKS and prepared once per key.

PyJWT's :class:`jwt.PyJWKClient` fetches and parses the key set (it keeps the set for
``lifespan`` seconds and refetches once, at most every 30 s, for a key id it does not know).
On top of it each key is turned into a :class:`VerifyingKey` for the one algorithm it is for:
RS256 for an RSA key, ES256 for a P-256 key, and only if the JWK's own ``alg`` (when it has one)
says the same. Prepared keys are kept for ``lifespan`` seconds, and may have come from a key set
kept as long, so a key the provider withdraws is refused within twice that time.
"""

import threading
import time
from functools import lru_cache

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from services.common.jws import EcKey, InvalidToken, RsaKey, VerifyingKey

PROVIDER_ALGORITHMS = ("RS256", "ES256")
LIFESPAN = 300.0


class ProviderKeys:
    def __init__(self, url: str, lifespan: float = LIFESPAN) -> None:
        self._client = jwt.PyJWKClient(url, cache_keys=False, lifespan=lifespan, timeout=5)
        self._lifespan = lifespan
        self._prepared: dict[tuple[str, str], tuple[float, VerifyingKey]] = {}
        self._lock = threading.Lock()

    def cached(self, kid: str, algorithm: str) -> VerifyingKey | None:
        """The prepared key if it is at hand (no network), else ``None``."""
        entry = self._prepared.get((kid, algorithm))
        if entry is None or time.monotonic() >= entry[0]:
            return None
        return entry[1]

    def fetch(self, kid: str, algorithm: str) -> VerifyingKey:
        """The key, fetching the key set if needed (blocking: call it off the event loop).

        Raises :class:`InvalidToken` for an unknown key id or a key of another algorithm, and
        :class:`jwt.PyJWKClientConnectionError` when the provider cannot be reached.
        """
        key = self.cached(kid, algorithm)
        if key is not None:
            return key
        try:
            jwk = self._client.get_signing_key(kid)
        except jwt.PyJWKClientConnectionError:
            raise
        except jwt.PyJWTError as exc:  # unknown kid, a key set without usable keys
            raise InvalidToken(str(exc)) from exc
        key = _prepare(jwk, algorithm)
        with self._lock:
            self._prepared[(kid, algorithm)] = (time.monotonic() + self._lifespan, key)
        return key


def _prepare(jwk: jwt.PyJWK, algorithm: str) -> VerifyingKey:
    """A verifying key for ``algorithm``, or InvalidToken if ``jwk`` is not a key for it."""
    if jwk.algorithm_name != algorithm:
        raise InvalidToken("the provider's key is for another algorithm")
    public = jwk.key
    if algorithm == "RS256" and isinstance(public, rsa.RSAPublicKey):
        return RsaKey(public)
    if (
        algorithm == "ES256"
        and isinstance(public, ec.EllipticCurvePublicKey)
        and isinstance(public.curve, ec.SECP256R1)
    ):
        return EcKey(public)
    raise InvalidToken("the provider's key is not a public key for the algorithm")


@lru_cache(maxsize=8)
def provider_keys(url: str) -> ProviderKeys:
    """One key cache per JWKS URL for the process."""
    return ProviderKeys(url)
