"""The Method of Equal Shares (MES), exact and fast.

The rule (equalshares.net): the budget is split equally among the voters. A project can be
funded if its supporters can pay its cost from their shares; each pays in proportion to their
utility (``cost`` utilities: the project's cost times the ballot's weight, so approval voters
pay equal parts; ``cardinality``: the weight alone), but never more than they have left. The
project whose cost is covered at the lowest price per unit of utility (``rho``) is funded
next; ties go by the tie order. It stops when no project can be paid for.

Exactness where it matters: the reference implementation (pabutools) uses exact fractions and
takes a minute on a city. Here budgets and prices are numpy floats for speed, and every decision
that floats could get wrong is redone exactly:
- a voter's exact budget is never stored: it is ``voter_budget - sum(rho_q * utility)`` over
  the funded projects ``q`` they supported, or zero once they paid all they had, and is
  recomputed with ``Fraction`` from the exact prices of the funded projects when needed;
- every funded project's price is exact (voters near the price are sorted exactly); when no
  supporter is near it, the floats fix who pays everything, and the exact price that follows
  is only worked out once an exact budget is needed (``State.pending``);
- projects whose float prices are within ``TOLERANCE`` of the best are compared exactly, so
  true ties reach the tie order as pabutools' exact ties do;
- whether a supporter pays everything, and whether supporters can still afford a project, is
  decided exactly whenever the float values are within ``TOLERANCE``.
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from counting.explain import Reason
from counting.mes_floats import TOLERANCE
from counting.mes_setup import Setup
from counting.mes_state import State
from counting.profile import IntArray


@dataclass(frozen=True)
class Run:
    """One run's funded projects in order, why the other candidates were not funded,
    and how much the per-voter share may grow with the same outcome (see ``stability``)."""

    funded: list[int]
    reasons: dict[int, Reason]
    room: float


def equal_shares(
    setup: Setup, ranks: IntArray, voter_budget: Fraction, *, track: bool = True
) -> Run:
    """One run of MES with ``voter_budget`` for each voter; ``track=False`` skips working out
    how far the share may grow unchanged (``room`` is then 0)."""
    state = State(setup, voter_budget, track=track)
    reasons: dict[int, Reason] = {}
    remaining = _drop_unaffordable(state, list(setup.candidates), None, reasons)
    stale = {p: setup.cost[p] / setup.utility_total[p] for p in remaining}
    while remaining:
        best = np.inf
        evaluated: list[int] = []
        for p in sorted(remaining, key=stale.__getitem__):
            if stale[p] > best * (1 + TOLERANCE):
                break
            stale[p] = state.float_rho(p, stale[p])
            evaluated.append(p)
            best = min(best, stale[p])
        near = [p for p in evaluated if stale[p] <= best * (1 + TOLERANCE)]
        lowest: Fraction | None = None  # one clear winner: its exact price can wait
        chosen = near[0]
        if len(near) > 1:
            exact = {p: state.exact_rho(p, stale[p]) for p in near}
            lowest = min(exact.values())
            chosen = min((p for p in near if exact[p] == lowest), key=lambda p: int(ranks[p]))
        state.pay(chosen, lowest, stale[chosen])
        reasons[chosen] = Reason("selected-mes")
        remaining.remove(chosen)
        state.note_choice(stale[chosen] if lowest is None else float(lowest), remaining)
        remaining = _drop_unaffordable(state, remaining, chosen, reasons)
    return Run(state.funded, reasons, state.room)


def _drop_unaffordable(
    state: State, projects: list[int], chosen: int | None, reasons: dict[int, Reason]
) -> list[int]:
    """``projects`` (those still in the running) less those whose supporters together no
    longer have the cost, which get their reason, stamped with how many projects had been
    funded."""
    lost = state.unaffordable(chosen)
    for p in lost:
        reasons[p] = Reason("not-affordable", after=len(state.funded))
        state.note_unaffordable(p)
    if not lost:
        return projects
    gone = set(lost)
    return [p for p in projects if p not in gone]
