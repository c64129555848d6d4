"""What each project's supporters have left together, kept current through one MES run.

After every payment, the projects still in the running whose supporters can no longer pay the
cost drop out (and say when). That needs each one's supporters' total budget. Two ways to keep
it current, whichever reads fewer entries:
- sum afresh: one ``np.add.reduceat`` over the supporters of the projects still in the running,
  back to back (``live``; rebuilt when a quarter of it has dropped out). No error accumulates.
- subtract what the payers paid from every project their ballots name (``co_ballots``): only
  worth it when the payers' ballots are few and already gathered, as in the ``add1`` reruns,
  which fund the same projects run after run. Totals drift by rounding then (``DRIFT``).
"""

import numpy as np

from counting.mes_setup import FloatArray, Setup
from counting.profile import IntArray

# Subtracting reads each entry of the payers' ballots about twice as slowly as summing afresh
# reads each entry of the live supporters.
SUBTRACT_COST = 2
# The live supporters are gathered again once this share of them backs only projects that are
# out of the running.
REBUILD = 0.25


class Totals:
    """``value[p]``: the total budget of ``p``'s supporters (up to rounding); ``alive``: the
    candidates still in the running (not funded, not out of reach)."""

    def __init__(self, setup: Setup, share: float) -> None:
        self.setup = setup
        self.value: FloatArray = np.array(
            [ballots * share for ballots in setup.ballots], dtype=np.float64
        )
        self.alive = np.zeros(len(setup.cost), dtype=bool)
        self.alive[setup.candidates] = True
        self.alive_entries = int(setup.sizes[self.alive].sum())
        self.live: tuple[IntArray, IntArray, IntArray] | None = None
        self.live_entries = 0

    def drop(self, projects: list[int]) -> None:
        """``projects`` are out of the running (funded or out of reach)."""
        self.alive[projects] = False
        self.alive_entries -= int(self.setup.sizes[projects].sum())

    def paid(self, p: int, budget: FloatArray, before: FloatArray, after: FloatArray) -> None:
        """``p``'s supporters had ``before`` and now ``after``; ``budget``: every voter's, after."""
        setup = self.setup
        if p in setup.funded_before and setup.reach(p) * SUBTRACT_COST < self.alive_entries:
            co = setup.co_ballots(p)
            paid = before - after
            self.value -= np.bincount(
                co.projects, weights=paid[co.positions], minlength=len(self.value)
            )
        else:
            self.refresh(budget)
        setup.funded_before.add(p)

    def refresh(self, budget: FloatArray) -> None:
        """Sum the budgets of every live project's supporters afresh."""
        if not self.alive_entries:
            return
        if self.live is None or self.alive_entries < (1 - REBUILD) * self.live_entries:
            self._gather()
        assert self.live is not None
        projects, voters, starts = self.live
        self.value[projects] = np.add.reduceat(budget[voters], starts)

    def _gather(self) -> None:
        setup = self.setup
        projects = np.flatnonzero(self.alive)
        sizes = setup.sizes[projects]
        starts = np.zeros(len(projects), dtype=np.int64)
        np.cumsum(sizes[:-1], out=starts[1:])
        voters = np.concatenate([setup.supporters[p] for p in projects.tolist()])
        self.live = (projects, voters, starts)
        self.live_entries = len(voters)
