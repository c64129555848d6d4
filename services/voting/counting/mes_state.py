"""The bookkeeping of one MES run: float budgets for speed, exact fractions for decisions.

See ``mes`` for why both. ``Setup`` (``mes_setup``) holds what does not change between runs
(voter types, supporters per project, utilities) so the ``add1`` completion, which reruns MES
with larger budgets, pays for it once. A "voter" here is a voter type: one distinct ballot,
with its multiplicity folded into its budget and utilities (see ``mes_setup``).
"""

import math
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from services.voting.counting.mes_setup import FloatArray, Setup
from services.voting.counting.profile import IntArray
from services.voting.counting.stability import choice, shortfall, split

BoolArray = npt.NDArray[np.bool_]
# Relative gap below which two float values may be equal in exact terms: then exact fractions
# decide. Float errors here stay near 1e-15, far below it.
TOLERANCE = 1e-9
# The tracked supporters' total is updated by subtraction and drifts more: below this relative
# gap it is summed afresh before deciding.
DRIFT = 1e-6


class State:
    """Budgets of one run. ``funded`` lists ``(project, rho)``: the exact price paid per unit of
    utility, from which every exact budget is rebuilt (see ``exact_budget``)."""

    def __init__(self, setup: Setup, voter_budget: Fraction, *, track: bool = True) -> None:
        self.setup = setup
        self.start = voter_budget
        voters = setup.voter_count
        self.budget: FloatArray = np.multiply(
            setup.multiplicity, float(voter_budget), dtype=np.float64
        )
        self.spent = np.zeros(voters, dtype=bool)  # paid all they had: exact budget is 0
        self.rho: dict[int, Fraction] = {}
        # Per funded project: (rho's numerator x factor, rho's denominator), for ``exact_sum``.
        self.price_parts: dict[int, tuple[int, int]] = {}
        self.is_funded = np.zeros(len(setup.cost), dtype=bool)
        self.funded: list[tuple[int, Fraction]] = []
        self.support: FloatArray = np.array(
            [ballots * float(voter_budget) for ballots in setup.ballots], dtype=np.float64
        )
        # For ``stability``: d(budget)/d(share) per voter, each project's last price and its
        # slope (a lower bound from then on), and how far the share may grow unchanged.
        # Without ``track`` none of it is kept and ``room`` is 0: the next share is rerun.
        self.track = track
        self.slope: FloatArray = setup.multiplicity.astype(np.float64)
        with np.errstate(divide="ignore"):
            self.line = np.array(setup.cost) / np.array(setup.utility_total)
        self.line_slope: FloatArray = np.zeros(len(setup.cost))
        self.room = float(np.inf) if track else 0.0
        self.chosen_slope = 0.0

    # --- exact budgets -----------------------------------------------------------------
    def exact_budget(self, voter: int) -> Fraction:
        if self.spent[voter]:
            return Fraction(0)
        setup = self.setup
        start, end = int(setup.offsets[voter]), int(setup.offsets[voter + 1])
        budget = self.start * int(setup.multiplicity[voter])
        for entry in range(start, end):
            q = int(setup.entry_project[entry])
            if q in self.rho:
                budget -= self.rho[q] * int(setup.entry_weight[entry]) * setup.factor[q]
        return budget

    def exact_sum(self, p: int, chosen: BoolArray) -> Fraction:
        """Exact total budget of the ``chosen`` supporters of ``p`` (none of them spent), from
        the funded prices."""
        count = int(self.setup.multiplicity[self.setup.supporters[p][chosen]].sum())
        total = self.start * count
        if not self.rho or not count:
            return total
        co = self.setup.co_ballots(p)
        mask = chosen[co.positions] & self.is_funded[co.projects]
        # Sums of small whole weights: exact in float64 far beyond any electorate.
        sums = np.bincount(co.projects[mask], weights=co.weights[mask])
        paid = [(int(sums[q]), *self.price_parts[q]) for q in np.flatnonzero(sums).tolist()]
        if not paid:
            return total
        # One fraction over the common denominator: far fewer gcds than adding fractions.
        common = math.lcm(*(denominator for _, _, denominator in paid))
        numerator = sum(w * n * (common // d) for w, n, d in paid)
        return total - Fraction(numerator, common)

    # --- prices --------------------------------------------------------------------------
    def float_rho(self, p: int) -> float:
        """The price per unit of utility at which supporters cover the cost, in floats: those
        who cannot pay the price give all they have, the others share the rest (a few passes
        of the poor/rich split; it only ever moves voters from rich to poor)."""
        budgets, utility = self.budget[self.setup.supporters[p]], self.setup.utility[p]
        cost, ratio = self.setup.cost[p], budgets / utility
        rich = np.ones(len(budgets), dtype=bool)
        rho, poor_paid, utility_left = cost / self.setup.utility_total[p], 0.0, 0.0
        while True:
            newly_poor = rich & (ratio < rho)
            if not newly_poor.any():
                break
            rich &= ~newly_poor
            poor_paid += float(budgets[newly_poor].sum())
            utility_left = float(utility[rich].sum())
            if utility_left <= 0:  # all pay everything: the cost is their whole budget
                self.room = 0.0
                return float(ratio.max())
            rho = (cost - poor_paid) / utility_left
        if not self.track:
            return rho
        slopes = self.slope[self.setup.supporters[p]]
        self.line[p] = rho
        self.line_slope[p] = -float(slopes[~rich].sum()) / float(utility[rich].sum())
        return rho

    def exact_rho(self, p: int, hint: float) -> Fraction:
        """The exact price: voters clearly below ``hint`` pay all they have, voters near it are
        sorted by exact budget per utility; all supporters exactly if the hint was off."""
        setup = self.setup
        voters, weights = setup.supporters[p], setup.weights[p]
        ratio = self.budget[voters] / setup.utility[p]
        live = ~self.spent[voters]
        low, high = hint * (1 - TOLERANCE), hint * (1 + TOLERANCE)
        poor, near = live & (ratio < low), live & (ratio >= low) & (ratio <= high)
        rich = live & (ratio > high)
        rho = self._price(p, poor, voters[near], weights[near], int(weights[rich].sum()))
        if rho is not None and abs(float(rho) - hint) <= hint * TOLERANCE / 10:
            return rho
        everyone = self._price(p, np.zeros_like(live), voters[live], weights[live], 0)
        assert everyone is not None, "an affordable project always has a price"
        return everyone

    def _price(
        self, p: int, poor: BoolArray, near: IntArray, near_weights: IntArray, rich_weight: int
    ) -> Fraction | None:
        factor = self.setup.factor[p]
        paid = self.exact_sum(p, poor)
        utility_left = (int(near_weights.sum()) + rich_weight) * factor
        window = sorted(
            (
                (self.exact_budget(int(v)), int(w) * factor)
                for v, w in zip(near, near_weights, strict=True)
            ),
            key=lambda pair: pair[0] / pair[1],
        )
        cost = self.setup.exact_cost[p]
        for budget, utility in window:
            rho = Fraction(cost - paid, utility_left)
            if rho * utility <= budget:
                return rho
            paid += budget
            utility_left -= utility
        return Fraction(cost - paid, utility_left) if utility_left else None

    # --- paying --------------------------------------------------------------------------
    def pay(self, p: int, rho: Fraction) -> IntArray:
        """Supporters of ``p`` pay ``rho`` per unit of utility, or all they have if less.
        Returns the projects those supporters also back: only those can have become
        unaffordable."""
        setup = self.setup
        voters, utility = setup.supporters[p], setup.utility[p]
        before = self.budget[voters]
        price = float(rho) * utility
        live = ~self.spent[voters]
        spends = live & (before < price * (1 - TOLERANCE))
        for i in np.flatnonzero(live & ~spends & (before <= price * (1 + TOLERANCE))).tolist():
            exact = self.exact_budget(int(voters[i]))
            spends[i] = exact <= rho * int(setup.weights[p][i]) * setup.factor[p]
        after = np.where(spends | ~live, 0.0, np.maximum(before - price, 0.0))
        if self.track:
            self._track(voters, utility, before, float(rho), live & spends, live & ~spends)
        self.budget[voters] = after
        self.spent[voters[spends]] = True
        self.rho[p] = rho
        self.price_parts[p] = (rho.numerator * setup.factor[p], rho.denominator)
        self.is_funded[p] = True
        self.funded.append((p, rho))
        return self._update_support(p, before - after)

    def _track(
        self,
        voters: IntArray,
        utility: FloatArray,
        before: FloatArray,
        rho: float,
        poor: BoolArray,
        rich: BoolArray,
    ) -> None:
        """Note the chosen price's slope and how long its poor/rich split holds, then move the
        voters' budget slopes past the payment (see ``stability``)."""
        slopes = self.slope[voters]
        split_room, self.chosen_slope = split(utility, before, slopes, rho, poor, rich)
        self.room = min(self.room, split_room)
        self.slope[voters[rich]] -= self.chosen_slope * utility[rich]
        self.slope[voters[poor]] = 0.0

    def note_choice(self, rho: float, rivals: list[int]) -> None:
        """The chosen price line must stay below every rival's lower-bound line."""
        if not self.track:
            return
        lines = (self.line[rivals], self.line_slope[rivals])
        self.room = min(self.room, choice(rho, self.chosen_slope, *lines))

    def note_unaffordable(self, p: int) -> None:
        """An unaffordable project stays so while its supporters' total stays below the cost."""
        if not self.track:
            return
        voters = self.setup.supporters[p]
        total, growth = float(self.budget[voters].sum()), float(self.slope[voters].sum())
        self.room = min(self.room, shortfall(self.setup.cost[p], total, growth))

    def _update_support(self, p: int, paid: FloatArray) -> IntArray:
        """``paid`` per supporter of ``p``: lower the totals of every project they back."""
        co = self.setup.co_ballots(p)
        self.support -= np.bincount(
            co.projects, weights=paid[co.positions], minlength=len(self.support)
        )
        return co.touched

    def affordable(self, p: int) -> bool:
        """Can the supporters of ``p`` together still pay its cost (exactly, when close)?"""
        cost = self.setup.cost[p]
        if abs(self.support[p] - cost) > cost * DRIFT:
            return bool(self.support[p] > cost)
        voters = self.setup.supporters[p]
        self.support[p] = float(self.budget[voters].sum())
        if abs(self.support[p] - cost) > cost * TOLERANCE:
            return bool(self.support[p] > cost)
        return self.exact_sum(p, ~self.spent[voters]) >= self.setup.exact_cost[p]
