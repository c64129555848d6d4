"""Spending what the Method of Equal Shares leaves over.

MES often funds less than the budget. Completions, as pabutools composes them:
- ``greedy``: fill the rest in the greedy order (votes, cost, lottery);
- ``add1``: raise every voter's share by one currency unit at a time and rerun MES, keeping the
  last outcome that stays within the real budget; stop early at an outcome that no other
  project with supporters could be added to (pabulib's ``equalshares/add1``, as Assen and
  Świecie counted);
- ``add1+greedy``: ``add1``, then the greedy fill (the default of the ``mes`` rule).

The ``add1`` loop starts from the share ``budget / voters`` and steps by ``unit`` (one krona,
or one currency unit of a pabulib file), exactly like pabutools' ``voter_budget_increment=1``,
but reruns MES only at shares where the outcome may have changed (``stability``), so tens of
thousands of steps take a few hundred runs and end where stepping through every one ends.
"""

import math
from fractions import Fraction

from counting.explain import Reason
from counting.mes import equal_shares
from counting.mes_setup import Setup
from counting.profile import IntArray

Funded = list[int]


def add1(
    setup: Setup, ranks: IntArray, *, skip: bool = True
) -> tuple[Funded, dict[int, Reason], Fraction]:
    """MES with the largest per-voter share, stepping by one unit, that fits the budget.
    Returns the funded projects, the reasons, and the share that was used.

    Steps whose outcome cannot differ from the last run (``stability``) are not rerun;
    ``skip=False`` reruns every step, the plain definition the tests compare with. Working out
    how far a run holds costs about a third of the run, so when it keeps finding less than
    one step it is left out for a while (``Backoff``): that only ever means rerunning a step."""
    profile = setup.profile
    start, unit = Fraction(profile.budget, profile.voter_count), profile.unit
    backoff = Backoff()
    step, run = 0, equal_shares(setup, ranks, start)
    while True:
        spent = sum(profile.costs[p] for p in run.funded)
        taken = set(run.funded)
        exhausted = all(
            p in taken or profile.costs[p] > profile.budget - spent for p in setup.candidates
        )
        if exhausted or math.isinf(run.room):  # no larger share changes anything
            return run.funded, run.reasons, start + step * unit
        same_until = step + (max(0, math.ceil(run.room / unit) - 1) if skip else 0)
        track = backoff.track(same_until > step) if skip else True
        more = equal_shares(setup, ranks, start + (same_until + 1) * unit, track=track)
        if sum(profile.costs[p] for p in more.funded) > profile.budget:
            return run.funded, run.reasons, start + same_until * unit
        step, run = same_until + 1, more


class Backoff:
    """Whether the next run should work out how far it holds: always after a run that let
    steps be skipped; after runs that did not, only every 2nd, 4th, ... up to ``LONGEST``th."""

    LONGEST = 8

    def __init__(self) -> None:
        self.wait, self.waited, self.tracked = 1, 0, True

    def track(self, skipped: bool) -> bool:
        if self.tracked:
            self.wait = 1 if skipped else min(2 * self.wait, self.LONGEST)
            self.waited = 0
        self.waited += 1
        self.tracked = self.waited >= self.wait
        return self.tracked
