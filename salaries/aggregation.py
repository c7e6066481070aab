"""Observations and benchmark cells from the postings: the only database-specific salary code.

Semantics (DESIGN.md, "Salary benchmark semantics"):

- An observation is a posting with a salary, published or expired, not a detected
  duplicate, posted at or after the window's cutoff. Its value is the midpoint of its
  annualized bounds in minor units (one bound alone is the value); an odd sum rounds the
  half minor unit up.
- A cell is every combination of level, country, industry, company size and technical
  flag, each a value or "all", per currency. An observation with a blank dimension (a
  company without a size) counts only in cells where that dimension is "all".
- Statistics: n, mean and the 10th, 25th, 50th, 75th and 90th percentiles with linear
  interpolation between closest ranks (PostgreSQL ``percentile_cont``, NumPy's default),
  each rounded to whole currency units with halves rounded up, for cells of at least
  ``MIN_OBSERVATIONS``; smaller cells keep only n.

PostgreSQL computes the cube in one statement (``percentile_cont`` with ``GROUP BY CUBE``).
Other databases take the portable path below, which computes the same numbers exactly in
Python; the percentile it rounds is the exact one, and the database's float8 result is
first snapped to hundredths of a minor unit, which every exact percentile of integers at
these fractions is a multiple of, so both paths round the same value.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from fractions import Fraction
from functools import cache
from math import floor

import pycountry
from django.db import connection

from core.money import exponent
from jobs.models import Company, JobPosting, PostingStatus

from .dimensions import DIMENSIONS, bit
from .models import MIN_OBSERVATIONS, BenchmarkCell, BenchmarkRefresh, SalaryObservation

PERCENTILES = (10, 25, 50, 75, 90)
# Any constant unique to this lock; PostgreSQL advisory locks share one key space.
REFRESH_LOCK_KEY = 0x5A1A_21E5
# Cells written per INSERT on the portable path.
CELL_BATCH_SIZE = 2000


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def lock_refresh() -> None:
    """Wait until no other refresh runs; the lock ends with the caller's transaction.

    On SQLite every transaction starts IMMEDIATE (see settings), which already makes
    two writers take turns.
    """
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK_KEY])


def rebuild_observations(*, cutoff: datetime) -> int:
    """Replace the observation table with the postings that qualify now; return how many."""
    observations = SalaryObservation._meta.db_table
    postings = JobPosting._meta.db_table
    companies = Company._meta.db_table
    with connection.cursor() as cursor:
        if is_postgresql():
            # Instant, and only this transaction's readers see it until commit.
            cursor.execute(f'TRUNCATE "{observations}"')
        else:
            cursor.execute(f'DELETE FROM "{observations}"')  # noqa: S608 - model metadata
        cursor.execute(
            f"""
            INSERT INTO "{observations}"
                (posting_id, value, currency, level, country, industry, company_size,
                 technical, posted_at)
            SELECT p.id,
                   (COALESCE(p.salary_min_annual, p.salary_max_annual)
                    + COALESCE(p.salary_max_annual, p.salary_min_annual) + 1) / 2,
                   p.salary_currency, p.level, p.country, c.industry, c.size,
                   p.technical, p.posted_at
            FROM "{postings}" p JOIN "{companies}" c ON c.id = p.company_id
            WHERE p.status IN (%s, %s)
              AND p.duplicate_of_id IS NULL
              AND (p.salary_min_annual IS NOT NULL OR p.salary_max_annual IS NOT NULL)
              AND p.salary_currency <> ''
              AND p.posted_at >= %s
            """,  # noqa: S608 - table names come from model metadata, values are parameters
            [PostingStatus.PUBLISHED, PostingStatus.EXPIRED, cutoff],
        )
        return cursor.rowcount


def build_cells(*, refresh: BenchmarkRefresh) -> tuple[int, int]:
    """Write the cells of every observation for ``refresh``; return (cells, published cells)."""
    if is_postgresql():
        _cells_in_database(refresh)
    else:
        _cells_in_python(refresh)
    cells = BenchmarkCell.objects.filter(refresh=refresh)
    return cells.count(), cells.filter(n__gte=MIN_OBSERVATIONS).count()


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


def cell_stats(values: list[int], currency: str) -> dict[str, int | None]:
    """n, mean and percentiles of one cell's values, in whole units; None below the minimum."""
    n = len(values)
    if n < MIN_OBSERVATIONS:
        return {"n": n, "mean": None, **{f"p{p}": None for p in PERCENTILES}}
    ordered = sorted(values)
    stats: dict[str, int | None] = {
        "n": n,
        "mean": whole_units(Fraction(sum(ordered), n), currency),
    }
    for p in PERCENTILES:
        stats[f"p{p}"] = whole_units(percentile(ordered, p), currency)
    return stats


def _cells_in_python(refresh: BenchmarkRefresh) -> None:
    bits = [bit(dimension) for dimension in DIMENSIONS]
    rolled_up = [False if dimension == "technical" else "" for dimension in DIMENSIONS]
    groups: dict[tuple, list[int]] = defaultdict(list)
    rows = SalaryObservation.objects.values_list("currency", *DIMENSIONS, "value")
    for currency, *dimensions, value in rows.iterator(chunk_size=10_000):
        for grouping in range(1 << len(DIMENSIONS)):
            position = tuple(
                rolled_up[i] if grouping & bits[i] else dimensions[i] for i in range(len(bits))
            )
            groups[(currency, grouping, *position)].append(value)
    cells = []
    for (currency, grouping, *position), values in groups.items():
        named = dict(zip(DIMENSIONS, position, strict=True))
        if any(
            named[dimension] == "" and not grouping & bit(dimension)
            for dimension in DIMENSIONS
            if dimension != "technical"
        ):
            continue
        cells.append(
            BenchmarkCell(
                refresh=refresh,
                refreshed_at=refresh.refreshed_at,
                currency=currency,
                grouping=grouping,
                **named,
                **cell_stats(values, currency),
            )
        )
    BenchmarkCell.objects.bulk_create(cells, batch_size=CELL_BATCH_SIZE)


@cache
def _unit_case() -> str:
    """SQL giving the minor units per whole unit of the ``currency`` column."""
    by_exponent: dict[int, list[str]] = defaultdict(list)
    for currency in pycountry.currencies:
        if exponent(currency.alpha_3) != 2:
            by_exponent[exponent(currency.alpha_3)].append(currency.alpha_3)
    branches = " ".join(
        f"WHEN currency IN ({', '.join(repr(code) for code in sorted(codes))}) THEN {10**exp}"
        for exp, codes in sorted(by_exponent.items())
    )
    return f"CASE {branches} ELSE 100 END"


def _cells_in_database(refresh: BenchmarkRefresh) -> None:
    observations = SalaryObservation._meta.db_table
    cells = BenchmarkCell._meta.db_table
    dimensions = ", ".join(DIMENSIONS)
    # Byte-wise ("C") comparisons make the cube's sorts several times cheaper than the
    # database's default collation; the values are codes, so their order does not matter.
    coded = ", ".join(
        f'{name} COLLATE "C" AS {name}'
        for name in ("currency", "level", "country", "industry", "company_size")
    )
    percentiles = ", ".join(str(p / 100) for p in PERCENTILES)
    stats = ", ".join(
        f"CASE WHEN n >= {MIN_OBSERVATIONS} THEN round(round(pct[{i}]::numeric, 2) / unit) END"
        for i in range(1, len(PERCENTILES) + 1)
    )
    stat_columns = ", ".join(f"p{p}" for p in PERCENTILES)
    blank_free = " AND ".join(
        f"{name} IS DISTINCT FROM ''" for name in DIMENSIONS if name != "technical"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            f"""
            WITH cube AS (
                SELECT currency, GROUPING({dimensions}) AS grouping, {dimensions},
                       count(*) AS n, sum(value) AS total,
                       percentile_cont(ARRAY[{percentiles}]) WITHIN GROUP (ORDER BY value) AS pct
                FROM (SELECT value, technical, {coded} FROM "{observations}") o
                GROUP BY currency, CUBE ({dimensions})
            ), united AS (
                SELECT cube.*, {_unit_case()} AS unit FROM cube WHERE {blank_free}
            )
            INSERT INTO "{cells}"
                (refresh_id, refreshed_at, currency, grouping, {dimensions}, n, mean,
                 {stat_columns})
            SELECT %s, %s, currency, grouping, COALESCE(level, ''), COALESCE(country, ''),
                   COALESCE(industry, ''), COALESCE(company_size, ''),
                   COALESCE(technical, FALSE), n,
                   CASE WHEN n >= {MIN_OBSERVATIONS} THEN round(total / (n * unit)) END,
                   {stats}
            FROM united
            """,  # noqa: S608 - identifiers come from model metadata and constants
            [refresh.pk, refresh.refreshed_at],
        )
