"""Token verification: our verifier (services.common.jws) against PyJWT's decode, same run.

    .venv/bin/python -m benchmarks.tokens               # 2000 distinct tokens per algorithm
    .venv/bin/python -m benchmarks.tokens --tokens 5000 --rounds 7 --json

Each algorithm gets its own set of distinct tokens (every ballot brings a new one, so nothing
is cached between them); both verifiers check the same tokens with the same key, algorithm,
issuer, audience and required claims, taking turns round after round. The figure per verifier
is its best round in microseconds per token (the least disturbed by other work on the machine);
the median round is printed too, with the load average when the run began.
"""

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from services.common.jws import EcKey, HmacKey, RsaKey, VerifyingKey, parse, verified_payload
from services.common.settings import PlatformSettings
from services.common.token_claims import ClaimRules, check_claims

REQUIRED = ["sub", "exp", "iss", "aud"]


def _tokens(count: int, key: Any, algorithm: str, settings: PlatformSettings) -> list[str]:
    now = datetime.now(UTC)
    return [
        jwt.encode(
            {
                "sub": f"19900101{index:04d}",
                "roles": ["resident"],
                "birthdate": "1990-01-01",
                "kommun": "2321",
                "iss": settings.auth_issuer,
                "aud": settings.auth_audience,
                "iat": now,
                "exp": now + timedelta(hours=1),
            },
            key,
            algorithm=algorithm,
            headers={"kid": "k1"},
        )
        for index in range(count)
    ]


def _rate(verify: Callable[[str], object], tokens: list[str]) -> float:
    started = time.perf_counter()
    for token in tokens:
        verify(token)
    return (time.perf_counter() - started) / len(tokens) * 1e6


def _measure(
    name: str,
    tokens: list[str],
    ours: VerifyingKey,
    theirs: Any,
    settings: PlatformSettings,
    rounds: int,
) -> dict[str, Any]:
    rules = ClaimRules(issuer=settings.auth_issuer, audience=settings.auth_audience)

    def our_verify(token: str) -> object:
        claims = verified_payload(parse(token), ours)
        check_claims(claims, rules)
        return claims

    def pyjwt_verify(token: str) -> object:
        return jwt.decode(
            token,
            theirs,
            algorithms=[name],
            issuer=settings.auth_issuer,
            audience=settings.auth_audience,
            options={"require": REQUIRED},
        )

    assert our_verify(tokens[0]) == pyjwt_verify(tokens[0])
    timings: dict[str, list[float]] = {"ours": [], "pyjwt": []}
    for _ in range(rounds):
        timings["ours"].append(_rate(our_verify, tokens))
        timings["pyjwt"].append(_rate(pyjwt_verify, tokens))
    best = {who: min(values) for who, values in timings.items()}
    return {
        "algorithm": name,
        "ours_us": round(best["ours"], 1),
        "pyjwt_us": round(best["pyjwt"], 1),
        "ours_median_us": round(statistics.median(timings["ours"]), 1),
        "pyjwt_median_us": round(statistics.median(timings["pyjwt"]), 1),
        "speedup": round(best["pyjwt"] / best["ours"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=2000, help="distinct tokens per algorithm")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    settings = PlatformSettings()
    load = os.getloadavg()
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    secret = settings.auth_secret
    cases = [
        ("HS256", secret, HmacKey(secret.encode()), secret),
        ("RS256", rsa_key, RsaKey(rsa_key.public_key()), rsa_key.public_key()),
        ("ES256", ec_key, EcKey(ec_key.public_key()), ec_key.public_key()),
    ]
    results = [
        _measure(
            name, _tokens(args.tokens, signing, name, settings), ours, theirs, settings, args.rounds
        )
        for name, signing, ours, theirs in cases
    ]
    report = {
        "load_average": [round(x, 2) for x in load],
        "tokens": args.tokens,
        "results": results,
    }
    if args.json:
        print(json.dumps(report))
        return
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in load)}; {args.tokens} tokens each")
    print("algorithm  ours µs (median)  PyJWT µs (median)  speed-up")
    for r in results:
        print(
            f"{r['algorithm']:9}  {r['ours_us']:6.1f} ({r['ours_median_us']:6.1f})"
            f"  {r['pyjwt_us']:7.1f} ({r['pyjwt_median_us']:7.1f})  {r['speedup']:5.2f}x"
        )


if __name__ == "__main__":
    main()
