"""The exact statistics of benchmark cells, shared by salary and freelance-rate cells.

Percentiles interpolate linearly between closest ranks (PostgreSQL ``percentile_cont``,
NumPy's default method), then round to whole currency units with halves rounded up, as does
the mean (DESIGN.md, "Salary benchmark semantics"). Every step is integer arithmetic, so the
figures are those of exact fractions: a position ``p * (n - 1) / 100`` between two ranks is
kept as its whole rank and its remainder in hundredths.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.money import exponent

from .models import MIN_OBSERVATIONS

PERCENTILES = (10, 25, 50, 75, 90)
# Figures of a cell in the order group_stats gives them.
FIGURES = ("mean", *(f"p{p}" for p in PERCENTILES))
_LOW_BITS = 32
_LOW_MASK = (1 << _LOW_BITS) - 1


def group_stats(
    ordered: np.ndarray, starts: np.ndarray, counts: np.ndarray, units: np.ndarray
) -> np.ndarray:
    """Mean and percentiles in whole units of groups of sorted integer values, one row each.

    Group ``i`` is ``ordered[starts[i]:starts[i] + counts[i]]``, ascending and not empty
    (values of no group may lie between groups), in minor units of which ``units[i]`` make
    one whole unit. Values stay below 2**56 (a salary's ceiling is 10**16 minor units:
    jobs.salary_bounds), so no step overflows.
    """
    figures = np.empty((len(starts), len(FIGURES)), dtype=np.int64)
    # Sums of up to millions of values may pass 64 bits: sum the high and low halves apart
    # (running sums, so groups need not be contiguous) and join them as Python integers.
    # Both halves go through the same two buffers: a cube sums a million values per
    # grouping set, and fresh arrays of that size cost more to allocate than to fill.
    ends = starts + counts
    totals = np.zeros(len(starts), dtype=object)
    part = np.empty_like(ordered)
    running = np.zeros(len(ordered) + 1, dtype=np.int64)
    halves = ((_LOW_BITS, np.right_shift, _LOW_BITS), (0, np.bitwise_and, _LOW_MASK))
    for shift, split, operand in halves:
        split(ordered, operand, out=part)
        np.cumsum(part, out=running[1:])
        totals += (running[ends] - running[starts]).astype(object) * (1 << shift)
    sizes = counts.astype(object) * units.astype(object)
    figures[:, 0] = ((2 * totals + sizes) // (2 * sizes)).astype(np.int64)
    for column, p in enumerate(PERCENTILES, start=1):
        rank, hundredths = np.divmod(p * (counts - 1), 100)
        below = ordered[starts + rank]
        above = ordered[starts + np.minimum(rank + 1, counts - 1)]
        whole, rest = np.divmod(below, units)
        # (rest + hundredths / 100 * (above - below)) / units, rounded half up.
        figures[:, column] = whole + (100 * rest + hundredths * (above - below) + 50 * units) // (
            100 * units
        )
    return figures


def cell_stats(values: Sequence[int], currency: str) -> tuple[int | None, ...]:
    """(n, mean, p10..p90) of one cell's values in whole units; None below the minimum n."""
    n = len(values)
    if n < MIN_OBSERVATIONS:
        return (n, None, *(None for _ in PERCENTILES))
    ordered = np.sort(np.asarray(values, dtype=np.int64))
    one = np.zeros(1, dtype=np.int64)
    figures = group_stats(ordered, one, one + n, one + 10 ** exponent(currency))
    return (n, *(int(figure) for figure in figures[0]))
