"""pabutools, the reference implementation, set up to count exactly as our engine defines.

Built from our ``Profile`` (the ballots we accepted, not pabutools' own parse) so both count
the same ballots: approval ballots as an ``ApprovalProfile`` with pabutools' ``Cost_Sat`` /
``Cardinality_Sat``; cumulative and ranked ballots as cardinal ballots of their points (Borda
points for ranked), with utility ``points x cost`` (cost) or ``points`` (cardinality).
pabutools' own ``Cost_Sat`` would treat those ballots as approvals, a different rule.
Ties follow our order (``ties.tie_ranks``) through a pabutools ``TieBreakingRule``.
"""

from collections.abc import Callable
from typing import Any

from pabutools.election import (  # type: ignore[import-untyped]
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    CardinalBallot,
    Cardinality_Sat,
    CardinalProfile,
    Cost_Sat,
    Instance,
    Project,
)
from pabutools.rules import (  # type: ignore[import-untyped]
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.tiebreaking import TieBreakingRule  # type: ignore[import-untyped]

from counting.profile import Profile
from counting.ties import tie_ranks


class _PointsCost(AdditiveSatisfaction):  # type: ignore[misc]
    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        super().__init__(instance, profile, ballot, lambda i, pr, b, p, pre: b.get(p, 0) * p.cost)


class _Points(AdditiveSatisfaction):  # type: ignore[misc]
    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        super().__init__(instance, profile, ballot, lambda i, pr, b, p, pre: b.get(p, 0))


class Oracle:
    def __init__(
        self, profile: Profile, seed: str, keep: Callable[[int], bool] | None = None
    ) -> None:
        self.profile = profile
        ranks = tie_ranks(profile, seed)
        self.projects = [Project(str(i), cost) for i, cost in enumerate(profile.costs)]
        kept = [p for p in self.projects if keep is None or keep(int(p.name))]
        self.instance = Instance(kept, budget_limit=profile.budget)
        self.tie_breaking = TieBreakingRule(lambda _i, _p, project: int(ranks[int(project.name)]))
        approval = profile.ballot_type in ("approval", "knapsack")
        self.ballots = ApprovalProfile() if approval else CardinalProfile()
        for voter in range(profile.voter_count):
            start, end = int(profile.offsets[voter]), int(profile.offsets[voter + 1])
            chosen = profile.projects[start:end].tolist()
            if approval:
                self.ballots.append(ApprovalBallot(self.projects[p] for p in chosen))
            else:
                weights = profile.weights[start:end].tolist()
                entries = {self.projects[p]: w for p, w in zip(chosen, weights, strict=True)}
                self.ballots.append(CardinalBallot(entries))
        self.sat = {
            "cost": Cost_Sat if approval else _PointsCost,
            "cardinality": Cardinality_Sat if approval else _Points,
        }

    def ids(self, allocation: Any) -> set[object]:
        return {self.profile.project_ids[int(p.name)] for p in allocation}

    def greedy(self) -> set[object]:
        return self.ids(
            greedy_utilitarian_welfare(
                self.instance,
                self.ballots,
                sat_class=self.sat["cost"],
                tie_breaking=self.tie_breaking,
            )
        )

    def mes(self, utilities: str, completion: str) -> set[object]:
        mes_params: dict[str, Any] = {
            "sat_class": self.sat[utilities],
            "tie_breaking": self.tie_breaking,
        }
        if completion.startswith("add1"):
            mes_params["voter_budget_increment"] = self.profile.unit
        if not completion.endswith("greedy"):
            return self.ids(method_of_equal_shares(self.instance, self.ballots, **mes_params))
        greedy_params = {"sat_class": self.sat["cost"], "tie_breaking": self.tie_breaking}
        outcome = completion_by_rule_combination(
            self.instance,
            self.ballots,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [mes_params, greedy_params],
        )
        return self.ids(outcome)
