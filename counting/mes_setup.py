"""What does not change between MES runs on one election: voter types, supporters, utilities.

The ``add1`` completion reruns MES once per step of the per-voter share, so everything that
depends only on the ballots is computed here once and shared by every run.

Voter types: many residents cast the same ballot (Łódź 2022: 90,494 ballots, 23,571 distinct).
``m`` voters with the same ballot always hold the same budget and each pays
``min(budget, rho * utility)``, so together they pay ``min(m * budget, rho * m * utility)``:
exactly what one voter with ``m`` times the budget and ``m`` times the utility pays. MES runs
on one such voter per distinct ballot, which gives the same prices and the same outcome with
fewer voters. ``multiplicity`` says how many ballots each type stands for.
"""

from functools import cached_property
from itertools import pairwise
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from counting.profile import IntArray, Profile

Utilities = Literal["cost", "cardinality"]
FloatArray = npt.NDArray[np.float64]
# Ballots are merged only when that drops at least this share of the entries: below it,
# building the voter types costs more than MES saves on the entries dropped.
FEW_TWINS = 0.1


class CoBallots(NamedTuple):
    """Every ballot entry of one project's supporters, flat: the project it names, its weight,
    and the position of its voter in that project's ``supporters``. Paying for the project
    changes the supporters' budgets, and these arrays say which projects' totals move."""

    projects: IntArray
    weights: IntArray
    positions: IntArray


class Setup:
    """Supporters, weights and utilities per project. Utility = weight x ``factor[p]``."""

    def __init__(self, profile: Profile, utilities: Utilities) -> None:
        self.profile = profile
        self.cost = [float(c) for c in profile.costs]
        self.exact_cost = list(profile.costs)
        self.factor = list(profile.costs) if utilities == "cost" else [1] * len(profile.costs)
        self.offsets, self.entry_project, self.entry_weight, self.multiplicity = voter_types(
            profile
        )
        self.voter_count = len(self.multiplicity)
        self.type_lengths = np.diff(self.offsets)
        self.entry_voter = np.repeat(
            np.arange(self.voter_count, dtype=np.int64), np.diff(self.offsets)
        )
        order = np.argsort(_small(self.entry_project, len(profile.costs)), kind="stable")
        bounds = np.searchsorted(self.entry_project[order], np.arange(len(profile.costs) + 1))
        voters, weights = self.entry_voter[order], self.entry_weight[order]
        self.supporters = [voters[a:b] for a, b in pairwise(bounds)]
        self.weights = [weights[a:b] for a, b in pairwise(bounds)]
        self.utility: list[FloatArray] = [
            (w * float(f)).astype(np.float64)
            for w, f in zip(self.weights, self.factor, strict=True)
        ]
        self.utility_total = [float(u.sum()) for u in self.utility]
        self.candidates = [p for p in range(len(profile.costs)) if len(self.supporters[p])]
        self.sizes = np.diff(bounds)
        self.cost_array = np.array(self.cost, dtype=np.float64)
        # Projects some run has funded: ``add1`` reruns are likely to fund them again.
        self.funded_before: set[int] = set()
        # Ballots each project's supporters stand for: their budget is this times the share.
        self.ballots = [int(self.multiplicity[s].sum()) for s in self.supporters]

    @cached_property
    def _co_ballots(self) -> dict[int, CoBallots]:
        return {}

    def knows_co_ballots(self, p: int) -> bool:
        return p in self._co_ballots

    def reach(self, p: int) -> int:
        """How many ballot entries ``p``'s supporters hold (the size of its ``co_ballots``)."""
        return int(self.type_lengths[self.supporters[p]].sum())

    def co_ballots(self, p: int) -> CoBallots:
        """The ballots of ``p``'s supporters, flat (computed once per project)."""
        cache = self._co_ballots
        if p not in cache:
            offsets = self.offsets
            voters = self.supporters[p]
            lengths = offsets[voters + 1] - offsets[voters]
            firsts = np.repeat(offsets[voters] - np.cumsum(lengths) + lengths, lengths)
            entries = firsts + np.arange(int(lengths.sum()))
            projects = self.entry_project[entries]
            positions = np.repeat(np.arange(len(voters), dtype=np.int64), lengths)
            cache[p] = CoBallots(projects, self.entry_weight[entries], positions)
        return cache[p]


def voter_types(profile: Profile) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """The distinct ballots as compressed rows (``offsets``, projects, weights times the
    multiplicity, entries sorted by project) and each one's multiplicity; when merging would
    drop few entries (``FEW_TWINS``), the ballots as they are, each a type of its own.

    Ballots are grouped by a 64-bit fingerprint of their (project, weight) entries, then every
    ballot is compared with its group's first, entry by entry: should two different ballots
    ever share a fingerprint, no ballots are merged at all."""
    projects, weights = profile.projects, profile.weights
    lengths = np.diff(profile.offsets)
    ones = np.ones(profile.voter_count, dtype=np.int64)
    single = _single_entry_keys(profile, lengths)
    if single is not None:  # choose-1 ballots: exact keys, small enough for a radix sort
        first, inverse, counts = _groups(single)
    else:
        # The fingerprint is a sum over the entries, so it does not depend on their order.
        draws = _mix(np.arange(1, len(profile.costs) + 1, dtype=np.uint64))
        mixed = draws[projects] * (weights.astype(np.uint64) + np.uint64(1))
        sums = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(mixed, dtype=np.uint64)])
        keys = sums[profile.offsets[1:]] - sums[profile.offsets[:-1]]
        keys += lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        first, inverse, counts = _groups(keys)
    if int(lengths[first].sum()) > (1 - FEW_TWINS) * len(projects):  # it would not pay
        return profile.offsets, projects, weights, ones
    if single is None and len(projects) > 1:
        unsorted = (np.diff(projects) <= 0) & (np.diff(profile.voters) == 0)
        if unsorted.any():
            order = np.argsort(profile.voters * len(profile.costs) + projects, kind="stable")
            projects, weights = projects[order], weights[order]
    position = np.arange(len(projects), dtype=np.int64) - np.repeat(profile.offsets[:-1], lengths)
    twin = np.repeat(profile.offsets[first[inverse]], lengths) + position
    if not (np.array_equal(projects, projects[twin]) and np.array_equal(weights, weights[twin])):
        return profile.offsets, projects, weights, ones
    kept = np.sort(first)  # one ballot per type, in the order first cast
    multiplicity = counts[inverse[kept]].astype(np.int64)
    kept_lengths = lengths[kept]
    offsets = np.zeros(len(kept) + 1, dtype=np.int64)
    np.cumsum(kept_lengths, out=offsets[1:])
    entries = np.repeat(profile.offsets[kept] - offsets[:-1], kept_lengths) + np.arange(
        int(offsets[-1]), dtype=np.int64
    )
    scaled = weights[entries] * np.repeat(multiplicity, kept_lengths)
    return offsets, projects[entries], scaled, multiplicity


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """A fixed 64-bit scramble of each value (splitmix64's finaliser): fingerprint weights
    per project without a random generator, whose first use costs a noticeable import."""
    with np.errstate(over="ignore"):
        z = values * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return (z ^ (z >> np.uint64(31))) | np.uint64(1)


def _single_entry_keys(profile: Profile, lengths: IntArray) -> npt.NDArray[np.uint16] | None:
    """When no ballot names more than one project: each ballot's (project, weight) as one
    16-bit number, 0 for an empty ballot (None when they do not fit)."""
    if int(lengths.max(initial=0)) > 1:
        return None
    top = int(profile.weights.max(initial=0)) + 1
    if 1 + len(profile.costs) * top > 2**16:
        return None
    keys = np.zeros(profile.voter_count, dtype=np.uint16)
    keys[lengths == 1] = 1 + profile.projects * top + profile.weights
    return keys


def _groups(keys: npt.NDArray[np.unsignedinteger[Any]]) -> tuple[IntArray, IntArray, IntArray]:
    """Equal keys as groups in key order: each group's first index, each key's group, each
    group's size (``np.unique``'s answers, without its first-call import of ``numpy.ma``)."""
    order = np.argsort(keys, kind="stable")  # quicksort is slow on many equal keys
    ordered = keys[order]
    new = np.empty(len(keys), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    counts = np.diff(np.append(starts, len(keys)))
    return np.minimum.reduceat(order, starts), inverse, counts


def _small(values: IntArray, bound: int) -> npt.NDArray[np.integer]:
    """``values`` (all below ``bound``) as 16-bit integers when they fit, which numpy's stable
    sort orders by radix sort, much faster than sorting 64-bit integers."""
    return values.astype(np.uint16) if bound <= 2**16 else values
