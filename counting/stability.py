"""How far the per-voter share can grow before an MES outcome can change (for ``add1``).

``add1`` reruns MES with the share raised one unit at a time: hundreds of thousands of runs
when shares are large (Budapest VIII: 217,000 forint each). Within one run, as long as every
decision keeps its side (who pays all they have, which project is cheapest, which projects
are out of reach), each budget and each price is an affine function of the share ``b``: a
budget is ``b`` minus prices times utilities, and a price is the cost minus what the poorer
supporters pay, over the rich supporters' utility. So every decision is the sign of an affine
function of ``b``, and the run's outcome stays the same until the first one crosses zero.

Prices of projects not chosen are convex in ``b`` (the smallest price at which supporters'
capped payments cover the cost), so the tangent taken when a project was last priced is a
lower bound for it from then on. A chosen project stays chosen while its price line stays
below every rival's tangent.

All of this is float arithmetic used only to skip reruns whose outcome cannot differ; each
crossing is computed with a safety margin (``MARGIN``), near-equal slopes with a zero gap
(exact ties that stay ties) are treated as parallel, and any doubt gives zero: rerun at the
very next step. The outcome at every share actually used is still computed exactly.
"""

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
MARGIN = 1e-9  # relative error allowed for in gaps and slopes
PARALLEL = 1e-11  # slopes closer than this (relative) count as equal


def room(gap: FloatArray, gap_scale: FloatArray, fall: FloatArray, fall_scale: FloatArray) -> float:
    """The smallest increase of ``b`` at which some ``gap`` (>= 0 now, shrinking by ``fall``
    per unit of ``b``) may reach zero; ``inf`` if none shrinks."""
    shrinking = fall > PARALLEL * fall_scale
    if not shrinking.any():
        return float(np.inf)
    safe_gap = np.maximum(gap[shrinking] - MARGIN * gap_scale[shrinking], 0.0)
    fastest = fall[shrinking] + MARGIN * fall_scale[shrinking]
    return float((safe_gap / fastest).min())


def split(
    utility: FloatArray,
    budgets: FloatArray,
    slopes: FloatArray,
    rho: float,
    poor: BoolArray,
    rich: BoolArray,
) -> tuple[float, float]:
    """For a chosen project's supporters (``poor`` pay all they have, ``rich`` pay ``rho``
    per unit of utility): how long that split holds, and the price's slope."""
    rich_utility = float(utility[rich].sum())
    if rich_utility <= 0:
        return 0.0, 0.0
    slope = -float(slopes[poor].sum()) / rich_utility
    pay = rho * utility
    least = float(np.inf)
    for side, gap, fall in (
        (poor, pay - budgets, slopes - slope * utility),
        (rich, budgets - pay, slope * utility - slopes),
    ):
        scale = np.abs(pay[side]) + np.abs(budgets[side])
        fall_scale = np.abs(slopes[side]) + np.abs(slope * utility[side])
        least = min(least, room(gap[side], scale, fall[side], fall_scale))
    return least, slope


def choice(rho: float, slope: float, values: FloatArray, slopes: FloatArray) -> float:
    """How long the chosen price line stays below the rivals' lower-bound lines."""
    finite = np.isfinite(values)
    return room(
        values[finite] - rho,
        np.abs(values[finite]) + abs(rho),
        slope - slopes[finite],
        np.abs(slopes[finite]) + abs(slope),
    )


def shortfall(cost: float, total: float, growth: float) -> float:
    """How long supporters with ``total`` left, growing by ``growth``, stay short of ``cost``."""
    return room(
        np.array([cost - total]),
        np.array([cost + total]),
        np.array([growth]),
        np.array([abs(growth)]),
    )
