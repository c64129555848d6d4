"""The result certificate: what was counted, how, and with which engine.

Anyone holding the frozen ballots can recompute ``ballots_sha256`` and, with the rule, its
options, the engine version and the tie-break seed, count again and get the same result.

Canonical ballots: each ballot is written as
- approval and knapsack: its project ids in ascending order, ``[1,3]``;
- cumulative: ``[id, points]`` pairs in ascending id order, ``[[1,2],[3,5]]``;
- ranked: its project ids in rank order (the order is the vote), ``[3,1]``;
then the list of ballots is sorted (storage order does not matter) and the SHA-256 is taken of
that list as compact JSON (``[[1,3],[2]]``). Ids keep their type: numbers stay numbers.
"""

import hashlib
import json
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from weakref import WeakKeyDictionary

from counting.profile import Profile

ENGINE_VERSION = "medborgarbudget-counting/1"
# A profile is frozen, so its fingerprint is computed once however many rules count it.
_FINGERPRINTS: WeakKeyDictionary[Profile, str] = WeakKeyDictionary()


@dataclass(frozen=True)
class Certificate:
    ballots_sha256: str
    ballot_count: int
    rule: str
    options: dict[str, Any]
    engine_version: str
    tie_break_seed: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "ballots_sha256": self.ballots_sha256,
            "ballot_count": self.ballot_count,
            "rule": self.rule,
            "options": self.options,
            "engine_version": self.engine_version,
            "tie_break_seed": self.tie_break_seed,
        }


def canonical_ballots(profile: Profile) -> list[Any]:
    names = [profile.project_ids[p] for p in profile.projects.tolist()]
    bounds = profile.offsets.tolist()
    spans = pairwise(bounds)
    ballots: list[Any]
    if profile.ballot_type == "ranked":
        ballots = [names[start:end] for start, end in spans]
    elif profile.ballot_type == "cumulative":
        points = profile.weights.tolist()
        ballots = [
            sorted(map(list, zip(names[start:end], points[start:end], strict=True)))
            for start, end in spans
        ]
    else:
        ballots = [sorted(names[start:end]) for start, end in spans]
    ballots.sort()
    return ballots


def ballots_sha256(profile: Profile) -> str:
    if profile not in _FINGERPRINTS:
        ballots = canonical_ballots(profile)
        encoded = json.dumps(ballots, separators=(",", ":"), ensure_ascii=False).encode()
        _FINGERPRINTS[profile] = hashlib.sha256(encoded).hexdigest()
    return _FINGERPRINTS[profile]
