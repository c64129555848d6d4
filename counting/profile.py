"""The counting engine's input: a budget, projects with costs, and ballots as compact arrays.

Why arrays: a city count has 100,000+ ballots. Stored as compressed rows (an offset per voter,
then one flat array of project indexes and one of weights), the rules sum, sort and select
with numpy instead of looping over ballots in Python.

Weights say how much a ballot backs a project:
- approval and knapsack ballots: 1 for every chosen project;
- cumulative ballots: the points given;
- ranked ballots: Borda-style points, ``max_length - position``, so with at most three choices
  the first gets 3, the second 2, the third 1 (pabulib's rule for ordinal ballots; Kraków and
  Katowice count this way).

A project named twice on one ballot counts once (the first mention; for cumulative ballots the
points are added up). Money is whole numbers of the smallest unit: ``unit`` says how many make
one currency unit (100 when costs are given in öre or grosze), so sums and comparisons are exact.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt

BallotType = Literal["approval", "knapsack", "cumulative", "ranked"]
BALLOT_TYPES: tuple[BallotType, ...] = ("approval", "knapsack", "cumulative", "ranked")
ProjectId = int | str
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Profile:
    """One election, frozen: what a rule needs and what the certificate fingerprints."""

    budget: int
    project_ids: tuple[ProjectId, ...]
    costs: tuple[int, ...]
    ballot_type: BallotType
    offsets: IntArray = field(repr=False)
    projects: IntArray = field(repr=False)
    weights: IntArray = field(repr=False)
    unit: int = 1

    @property
    def voter_count(self) -> int:
        return len(self.offsets) - 1

    @cached_property
    def scores(self) -> IntArray:
        """Votes (approvals, points or Borda points) per project, in project order."""
        totals = np.zeros(len(self.costs), dtype=np.int64)
        np.add.at(totals, self.projects, self.weights)
        return totals

    @cached_property
    def supporters(self) -> IntArray:
        """How many ballots name each project."""
        return np.bincount(self.projects, minlength=len(self.costs)).astype(np.int64)

    @cached_property
    def voters(self) -> IntArray:
        """The voter (row) of every ballot entry, parallel to ``projects``."""
        return np.repeat(np.arange(self.voter_count, dtype=np.int64), np.diff(self.offsets))

    def ballot(self, voter: int) -> list[tuple[ProjectId, int]]:
        """One ballot as ``(project id, weight)`` pairs in the order cast."""
        start, end = int(self.offsets[voter]), int(self.offsets[voter + 1])
        return [
            (self.project_ids[int(p)], int(w))
            for p, w in zip(self.projects[start:end], self.weights[start:end], strict=True)
        ]


def build_profile(
    budget: int,
    projects: Sequence[tuple[ProjectId, int]],
    ballots: Iterable[Sequence[ProjectId]],
    ballot_type: BallotType = "approval",
    *,
    points: Iterable[Sequence[int]] | None = None,
    max_length: int | None = None,
    unit: int = 1,
) -> Profile:
    """Check and pack an election; raises ``ValueError`` with a reason on bad input.

    ``projects`` are ``(id, cost)`` pairs; ``ballots`` list project ids (ranked: most preferred
    first); ``points`` runs parallel to ``ballots`` for cumulative ballots. ``max_length`` sets
    the Borda points of ranked ballots (default: the longest ballot).
    """
    if ballot_type not in BALLOT_TYPES:
        raise ValueError(f"unknown ballot type {ballot_type!r}")
    if budget < 0:
        raise ValueError("the budget cannot be negative")
    ids = tuple(project_id for project_id, _ in projects)
    costs = tuple(int(cost) for _, cost in projects)
    if len(set(ids)) != len(ids):
        raise ValueError("every project id must be unique")
    if any(cost <= 0 for cost in costs):
        raise ValueError("every project must cost more than zero")
    index = {project_id: i for i, project_id in enumerate(ids)}
    rows = _rows(index, ballots, points, ballot_type)
    lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = [entry for row in rows for entry in row]
    chosen = np.fromiter((p for p, _ in flat), dtype=np.int64, count=len(flat))
    weights = np.fromiter((w for _, w in flat), dtype=np.int64, count=len(flat))
    if ballot_type == "ranked":
        longest = int(lengths.max(initial=0))
        top = longest if max_length is None else max_length
        if top < longest:
            raise ValueError(f"a ranked ballot is longer than max_length {top}")
        weights = top - (np.arange(len(flat), dtype=np.int64) - np.repeat(offsets[:-1], lengths))
    return Profile(budget, ids, costs, ballot_type, offsets, chosen, weights, unit)


def _rows(
    index: dict[ProjectId, int],
    ballots: Iterable[Sequence[ProjectId]],
    points: Iterable[Sequence[int]] | None,
    ballot_type: BallotType,
) -> list[list[tuple[int, int]]]:
    """Each ballot as ``(project index, weight)`` pairs, duplicates merged, ids checked."""
    if (ballot_type == "cumulative") != (points is not None):
        raise ValueError("points are given for cumulative ballots, and only for them")
    point_rows = iter(points) if points is not None else None
    rows = []
    for choices in ballots:
        given = list(next(point_rows)) if point_rows is not None else [1] * len(choices)
        if len(given) != len(choices):
            raise ValueError("a cumulative ballot needs one number of points per project")
        merged: dict[int, int] = {}
        for project_id, weight in zip(choices, given, strict=True):
            if project_id not in index:
                raise ValueError(f"a ballot names the unknown project {project_id!r}")
            if weight < 0:
                raise ValueError("points on a cumulative ballot cannot be negative")
            if weight == 0:
                continue  # zero points back nothing
            slot = index[project_id]
            if slot not in merged or ballot_type == "cumulative":
                merged[slot] = merged.get(slot, 0) + (weight if ballot_type == "cumulative" else 1)
        rows.append(list(merged.items()))
    return rows
