"""The exact statistics of one benchmark cell, shared by salary and freelance-rate cells.

Percentiles interpolate linearly between closest ranks (PostgreSQL ``percentile_cont``,
NumPy's default method) over exact fractions, then round to whole currency units with
halves rounded up (DESIGN.md, "Salary benchmark semantics").
"""

from __future__ import annotations

from fractions import Fraction
from math import floor

from core.money import exponent

from .models import MIN_OBSERVATIONS

PERCENTILES = (10, 25, 50, 75, 90)


def percentile(ordered: list[int], p: int) -> Fraction:
    """The exact ``p``-th percentile of sorted integers, interpolating between closest ranks."""
    position = Fraction(p * (len(ordered) - 1), 100)
    low = floor(position)
    fraction = position - low
    if fraction == 0:
        return Fraction(ordered[low])
    return ordered[low] + fraction * (ordered[low + 1] - ordered[low])


def whole_units(minor: Fraction, currency: str) -> int:
    """Minor units to whole currency units, halves rounded up."""
    return floor(minor / 10 ** exponent(currency) + Fraction(1, 2))


def cell_stats(values: list[int], currency: str) -> tuple[int | None, ...]:
    """(n, mean, p10..p90) of one cell's values in whole units; None below the minimum n."""
    n = len(values)
    if n < MIN_OBSERVATIONS:
        return (n, None, *(None for _ in PERCENTILES))
    ordered = sorted(values)
    mean = whole_units(Fraction(sum(ordered), n), currency)
    return (n, mean, *(whole_units(percentile(ordered, p), currency) for p in PERCENTILES))
