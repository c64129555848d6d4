"""Float helpers of one MES run (``mes_state``): how close is close, and fast masked sums."""

import numpy as np
import numpy.typing as npt

from counting.mes_setup import FloatArray
from counting.profile import IntArray

BoolArray = npt.NDArray[np.bool_]
# Relative gap below which two float values may be equal in exact terms: then exact fractions
# decide. Float errors here stay near 1e-15, far below it.
TOLERANCE = 1e-9
# Totals updated by subtraction drift (``mes_totals``): below this relative gap they are summed
# afresh before deciding.
DRIFT = 1e-6


# numpy's dot product (BLAS) is the fastest masked sum, but OpenBLAS spreads one over threads
# past 10,000 entries, which costs far more than it saves on a busy machine: longer arrays are
# taken in pieces of this many.
SERIAL_DOT = 8192


def dot(a: FloatArray, b: FloatArray) -> float:
    """``sum(a * b)``: with ``b`` 0.0 or 1.0, the sum of ``a`` over a mask."""
    if len(a) <= SERIAL_DOT:
        return float(np.dot(a, b))
    return sum(
        float(np.dot(a[i : i + SERIAL_DOT], b[i : i + SERIAL_DOT]))
        for i in range(0, len(a), SERIAL_DOT)
    )


def split_payers(
    before: FloatArray, price: FloatArray, live: BoolArray
) -> tuple[BoolArray, IntArray]:
    """Supporters (not yet spent) clearly below ``price``, who pay all they have, and the
    positions of those within ``TOLERANCE`` of it, whom exact budgets must sort."""
    low = before < price * (1 - TOLERANCE)
    spends = live & low
    band = np.flatnonzero(live & ~low & (before <= price * (1 + TOLERANCE)))
    return spends, band
