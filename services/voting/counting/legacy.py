"""The greedy rule as it was before the counting engine, kept for callers not yet switched.

Superseded by ``rules.count``: delete this module together with
``tests/services/voting/test_counting.py`` and ``test_pabutools_oracle.py`` (whose cases
``tests/services/voting/counting/`` now covers).

Pure so that the same ballots always give the same result, and so that the rule can be checked
against ``pabutools`` (the test oracle) without a database.

Greedy order: more votes, then lower cost, then lower project id. Each project in that order is
selected if its cost still fits the remaining budget; a project that does not fit is skipped
(not a stop), so a cheaper project further down may still be funded.

``ballots_hash`` fingerprints the frozen ballots independently of storage order: every ballot's
choices are sorted ascending, the list of ballots is sorted, and the SHA-256 is taken of that
list written as compact JSON (``[[1,3],[2]]``). Anyone holding the ballots can recompute it.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

RULE = "greedy"
RULE_VERSION = "greedy/1"
REASON_SELECTED = "vald"
REASON_DOES_NOT_FIT = "ryms inte i budgeten"


@dataclass(frozen=True)
class Outcome:
    """How one project fared: its votes, whether it was selected, and why in Swedish."""

    project_id: int
    cost: int
    votes: int
    selected: bool
    reason: str


@dataclass(frozen=True)
class GreedyResult:
    budget: int
    selected: tuple[int, ...]
    total_cost: int
    projects: tuple[Outcome, ...]


def count_votes(ballots: Iterable[Sequence[int]]) -> dict[int, int]:
    """Approvals per project; a project named twice on one ballot counts once."""
    votes: Counter[int] = Counter()
    for choices in ballots:
        votes.update(set(choices))
    return dict(votes)


def ballots_hash(ballots: Iterable[Sequence[int]]) -> str:
    canonical = sorted(sorted(choices) for choices in ballots)
    encoded = json.dumps(canonical, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def greedy(
    budget: int, projects: Sequence[tuple[int, int]], votes: Mapping[int, int]
) -> GreedyResult:
    """Select projects by votes within ``budget``; ``projects`` are ``(id, cost)`` pairs."""
    order = sorted(projects, key=lambda p: (-votes.get(p[0], 0), p[1], p[0]))
    remaining = budget
    outcomes: list[Outcome] = []
    for project_id, cost in order:
        fits = cost <= remaining
        if fits:
            remaining -= cost
        reason = REASON_SELECTED if fits else REASON_DOES_NOT_FIT
        outcomes.append(Outcome(project_id, cost, votes.get(project_id, 0), fits, reason))
    selected = tuple(o.project_id for o in outcomes if o.selected)
    return GreedyResult(
        budget=budget,
        selected=selected,
        total_cost=budget - remaining,
        projects=tuple(outcomes),
    )
