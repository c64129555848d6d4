"""Token verification: a full check (PyJWT, per new token) against a hit in the per-process
cache of verified tokens (a session's next request), same run.

    .venv/bin/python -m benchmarks.tokens               # 2000 distinct tokens per algorithm
    .venv/bin/python -m benchmarks.tokens --tokens 5000 --rounds 7 --json

Each algorithm gets its own set of distinct tokens; the provider's (RS256, ES256) come with a
JWKS served on loopback, fetched once before timing. Every round first authenticates each
token with an empty cache (signature and claims checked), then again from the filled cache.
The figure per way is its best round in microseconds per token (the least disturbed by other
work on the machine); the median round is printed too, with the load average at the start.
"""

import argparse
import asyncio
import json
import os
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from services.common.auth import VerifiedTokens, authenticate
from services.common.settings import PlatformSettings


def _tokens(count: int, key: Any, algorithm: str, settings: PlatformSettings) -> list[str]:
    now = datetime.now(UTC)
    claims = {
        "roles": ["resident"],
        "birthdate": "1990-01-01",
        "kommun": "2321",
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    kid = {"kid": algorithm.lower()}
    return [
        jwt.encode({**claims, "sub": f"19900101{i:04d}"}, key, algorithm=algorithm, headers=kid)
        for i in range(count)
    ]


@contextmanager
def _jwks(keys: list[dict[str, Any]]) -> Iterator[str]:
    """The provider's key set on loopback; yields its URL."""
    body = json.dumps({"keys": keys}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/jwks.json"
    finally:
        server.shutdown()
        server.server_close()


async def _rate(settings: PlatformSettings, tokens: list[str], cache: VerifiedTokens) -> float:
    started = time.perf_counter()
    for token in tokens:
        await authenticate(settings, f"Bearer {token}", cache)
    return (time.perf_counter() - started) / len(tokens) * 1e6


async def _measure(
    name: str, tokens: list[str], settings: PlatformSettings, rounds: int
) -> dict[str, Any]:
    await authenticate(settings, f"Bearer {tokens[0]}")  # fetches the provider's key set
    timings: dict[str, list[float]] = {"verify": [], "cached": []}
    for _ in range(rounds):
        cache = VerifiedTokens(size=len(tokens))
        timings["verify"].append(await _rate(settings, tokens, cache))
        timings["cached"].append(await _rate(settings, tokens, cache))
    best = {way: min(values) for way, values in timings.items()}
    return {
        "algorithm": name,
        "verify_us": round(best["verify"], 1),
        "cached_us": round(best["cached"], 2),
        "verify_median_us": round(statistics.median(timings["verify"]), 1),
        "cached_median_us": round(statistics.median(timings["cached"]), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=2000, help="distinct tokens per algorithm")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    load = os.getloadavg()
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    published = [
        {**jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True), "kid": "rs256"},
        {**jwt.algorithms.ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True), "kid": "es256"},
    ]
    with _jwks(published) as url:
        settings = PlatformSettings(auth_jwks_url=url)
        cases = [("HS256", settings.auth_secret), ("RS256", rsa_key), ("ES256", ec_key)]
        results = [
            asyncio.run(
                _measure(name, _tokens(args.tokens, key, name, settings), settings, args.rounds)
            )
            for name, key in cases
        ]
    report = {"load_average": [round(x, 2) for x in load], "tokens": args.tokens}
    report["results"] = results
    if args.json:
        print(json.dumps(report))
        return
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in load)}; {args.tokens} tokens each")
    print("algorithm  verify µs (median)  cached µs (median)")
    for r in results:
        print(
            f"{r['algorithm']:9}  {r['verify_us']:7.1f} ({r['verify_median_us']:7.1f})"
            f"  {r['cached_us']:6.2f} ({r['cached_median_us']:6.2f})"
        )


if __name__ == "__main__":
    main()
