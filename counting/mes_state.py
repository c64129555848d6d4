"""The bookkeeping of one MES run: float budgets for speed, exact fractions for decisions.

See ``mes`` for why both. ``Setup`` (``mes_setup``) holds what does not change between runs
(voter types, supporters per project, utilities) so the ``add1`` completion, which reruns MES
with larger budgets, pays for it once. A "voter" here is a voter type: one distinct ballot,
with its multiplicity folded into its budget and utilities (see ``mes_setup``).
"""

import math
from fractions import Fraction

import numpy as np

from counting.mes_floats import DRIFT, TOLERANCE, BoolArray, dot, split_payers
from counting.mes_setup import FloatArray, Setup
from counting.mes_totals import Totals
from counting.profile import IntArray
from counting.stability import choice, shortfall, split


class State:
    """Budgets of one run. ``funded`` lists the funded projects in order; ``rho`` holds the
    exact price each paid per unit of utility, from which every exact budget is rebuilt (see
    ``exact_budget``).

    Exact prices are worked out only when a decision needs them. A payment where no supporter
    is within ``TOLERANCE`` of the price has its payers fixed by the floats; its exact price
    follows from them (the cost less what those who pay everything had, over the others'
    utility) and waits in ``pending`` until an exact budget is asked for. Real elections mostly
    never ask, which saves nearly all the exact arithmetic."""

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
        # Per funded project: who paid everything (a mask over its supporters) and the weight
        # of the others, while its exact price is not yet needed.
        self.pending: dict[int, tuple[BoolArray, int]] = {}
        self.funded_at = np.full(len(setup.cost), np.iinfo(np.int64).max, dtype=np.int64)
        self.funded: list[int] = []
        self.scratch = np.empty(max(map(len, setup.supporters), default=0), dtype=np.float64)
        self.totals = Totals(setup, float(voter_budget))
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
        self._resolve()
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
        self._resolve()
        return self._sum_before(p, chosen, len(self.funded))

    def _sum_before(self, p: int, chosen: BoolArray, before: int) -> Fraction:
        """``exact_sum`` as it was when ``before`` projects had been funded."""
        count = int(self.setup.multiplicity[self.setup.supporters[p][chosen]].sum())
        total = self.start * count
        if not self.rho or not count:
            return total
        co = self.setup.co_ballots(p)
        mask = chosen[co.positions] & (self.funded_at[co.projects] < before)
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
    def float_rho(self, p: int, floor: float) -> float:
        """The price per unit of utility at which supporters cover the cost, in floats: those
        who cannot pay the price give all they have, the others share the rest. Newton steps
        on the supporters' capped total from ``floor``, a price at most the true one (the last
        one worked out: budgets only fall, so prices only rise), until the split holds."""
        budgets, utility = self.budget[self.setup.supporters[p]], self.setup.utility[p]
        cost, total = self.setup.cost[p], self.setup.utility_total[p]
        ratio = budgets / utility
        # 1.0 for each voter who pays all they have: dot products with it are the masked sums
        # (sums of utilities are of whole numbers, exact: equal sums mean the same voters).
        poor = self.scratch[: len(budgets)]
        rho, poor_utility = max(floor, cost / total), -1.0
        while True:
            np.less(ratio, rho, out=poor)
            utility_poor = dot(utility, poor)
            if utility_poor == poor_utility:  # the same voters pay all they have: the price
                break
            poor_utility = utility_poor
            utility_left = total - utility_poor
            if utility_left <= 0:  # all pay everything: the cost is their whole budget
                self.room = 0.0
                return float(ratio.max())
            rho = (cost - dot(budgets, poor)) / utility_left
        if not self.track:
            return rho
        self.line[p] = rho
        self.line_slope[p] = -dot(self.slope[self.setup.supporters[p]], poor) / utility_left
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
    def _resolve(self) -> None:
        """Work out the exact prices still pending, in the order they were paid."""
        for p, (poor, rich_weight) in list(self.pending.items()):
            paid = self._sum_before(p, poor, int(self.funded_at[p]))
            rho = Fraction(self.setup.exact_cost[p] - paid, rich_weight * self.setup.factor[p])
            self._set_rho(p, rho)
            del self.pending[p]

    def _set_rho(self, p: int, rho: Fraction) -> None:
        self.rho[p] = rho
        self.price_parts[p] = (rho.numerator * self.setup.factor[p], rho.denominator)

    def pay(self, p: int, rho: Fraction | None, hint: float) -> None:
        """Supporters of ``p`` pay ``rho`` per unit of utility, or all they have if less;
        ``rho`` None: the price ``hint`` (in floats), exact only if a supporter is near it."""
        setup = self.setup
        voters, utility = setup.supporters[p], setup.utility[p]
        before = self.budget[voters]
        live = ~self.spent[voters]  # the others have exactly nothing left: 0.0 in floats
        price = (hint if rho is None else float(rho)) * utility
        spends, band = split_payers(before, price, live)
        # A float price is enough when no supporter is near it and someone pays less than all.
        if rho is None and (band.size or np.array_equal(spends, live)):
            rho = self.exact_rho(p, hint)
            price = float(rho) * utility
            spends, band = split_payers(before, price, live)
        for i in band.tolist():
            assert rho is not None, "a supporter near the price makes it exact"
            exact = self.exact_budget(int(voters[i]))
            spends[i] = exact <= rho * int(setup.weights[p][i]) * setup.factor[p]
        after = before - price
        np.maximum(after, 0.0, out=after)
        after[spends] = 0.0
        if self.track:
            paid = hint if rho is None else float(rho)
            self._track(voters, utility, before, paid, spends, live & ~spends)
        self.budget[voters] = after
        self.spent[voters[spends]] = True
        if rho is None:
            self.pending[p] = (spends, int(setup.weights[p][~spends & live].sum()))
        else:
            self._set_rho(p, rho)
        self.funded_at[p] = len(self.funded)
        self.funded.append(p)
        self.totals.drop([p])
        self.totals.paid(p, self.budget, before, after)

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

    def unaffordable(self, chosen: int | None) -> list[int]:
        """The candidates still in the running whose supporters together can no longer pay the
        cost (exactly, when close), in index order, now out of the running; ``chosen`` is the
        project just paid for: only projects sharing a supporter with it may have changed."""
        setup, totals = self.setup, self.totals.value
        low = self.totals.alive & (totals <= setup.cost_array * (1 + DRIFT))
        if not low.any():
            return []
        lost = low & (totals < setup.cost_array * (1 - DRIFT))
        close = np.flatnonzero(low & ~lost).tolist()
        if close:
            shared = None
            if chosen is not None:
                shared = np.zeros(setup.voter_count, dtype=bool)
                shared[setup.supporters[chosen]] = True
            for p in close:
                voters = setup.supporters[p]
                if shared is not None and not shared[voters].any():
                    continue  # nobody who paid backs it: as affordable as before
                if not self._affordable(p, voters):
                    lost[p] = True
        dropped = np.flatnonzero(lost).tolist()
        self.totals.drop(dropped)
        return dropped

    def _affordable(self, p: int, voters: IntArray) -> bool:
        cost = self.setup.cost[p]
        total = self.totals.value[p] = float(self.budget[voters].sum())
        if abs(total - cost) > cost * TOLERANCE:
            return bool(total > cost)
        return self.exact_sum(p, ~self.spent[voters]) >= self.setup.exact_cost[p]
