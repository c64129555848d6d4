"""Greedy counting ("flest röster") and the variants cities use.

Projects are taken in the tie order (more votes, then lower cost, then the lottery; see
``ties``). Each is funded if it still fits the remaining budget:
- ``greedy`` skips a project that does not fit and goes on, so a cheaper one further down may
  still be funded (SKR's default, CONSUL's rule);
- ``greedy-no-skip`` stops at the first project that does not fit (Wrocław, Gdynia);
- ``greedy-threshold`` first sets aside projects below a minimum number of votes (points);
- ``greedy-exclusive`` never funds both projects of an exclusive pair: the one reached first
  (more votes) wins and the other is set aside (Warszawa-Bemowo 2022).

The same loop fills the budget left over by the Method of Equal Shares (its greedy completion).
"""

from collections.abc import Iterable, Mapping

import numpy as np

from counting.explain import Reason
from counting.profile import IntArray, Profile


def greedy_fill(
    profile: Profile,
    ranks: IntArray,
    chosen: list[int],
    reasons: dict[int, Reason],
    *,
    stage: str = "selected",
    skip: bool = True,
    excluded: Mapping[int, Iterable[int]] | None = None,
) -> None:
    """Add projects to ``chosen`` in tie order while they fit; record why others were not.

    ``reasons`` already holds projects that must not be funded (below a threshold); they are
    passed over. ``excluded`` maps a project to those it cannot be funded together with.
    """
    remaining = profile.budget - sum(profile.costs[p] for p in chosen)
    taken = set(chosen)
    stopped_at: int | None = None
    for p in np.argsort(ranks, kind="stable").tolist():
        if p in taken or (p in reasons and reasons[p].code != "not-affordable"):
            continue
        rival = next((q for q in (excluded or {}).get(p, ()) if q in taken), None)
        cost = profile.costs[p]
        if rival is not None:
            reasons[p] = Reason("excluded", other=profile.project_ids[rival])
        elif stopped_at is not None:
            reasons[p] = Reason("stopped", other=profile.project_ids[stopped_at])
        elif cost <= remaining:
            chosen.append(p)
            taken.add(p)
            remaining -= cost
            reasons[p] = Reason(stage)
        else:
            reasons[p] = Reason("does-not-fit", amount=remaining)
            if not skip:
                stopped_at = p


def threshold_reasons(profile: Profile, threshold: int) -> dict[int, Reason]:
    """Projects with fewer votes (points) than ``threshold`` are not eligible."""
    return {
        p: Reason("below-threshold", amount=threshold)
        for p in range(len(profile.costs))
        if int(profile.scores[p]) < threshold
    }


def exclusive_map(profile: Profile, pairs: Iterable[tuple[object, object]]) -> dict[int, set[int]]:
    index = {project_id: p for p, project_id in enumerate(profile.project_ids)}
    excluded: dict[int, set[int]] = {}
    for first, second in pairs:
        if first not in index or second not in index:
            raise ValueError(f"the exclusive pair ({first}, {second}) names an unknown project")
        a, b = index[first], index[second]
        excluded.setdefault(a, set()).add(b)
        excluded.setdefault(b, set()).add(a)
    return excluded
