"""Observations and benchmark cells from the postings: the only database-specific salary code.

Semantics (DESIGN.md, "Salary benchmark semantics"):

- An observation is a posting with a salary, published or expired, not a detected
  duplicate. Its value is the midpoint of its annualized bounds in minor units (one bound
  alone is the value); an odd sum rounds the half minor unit up. Cells count the
  observations posted at or after the window's cutoff.
- A cell is every combination of level, country, industry, company size and technical
  flag, each a value or "all", per currency. An observation with a blank dimension (a
  company without a size) counts only in cells where that dimension is "all".
- Statistics: n, mean and the 10th, 25th, 50th, 75th and 90th percentiles with linear
  interpolation between closest ranks (PostgreSQL ``percentile_cont``, NumPy's default),
  each rounded to whole currency units with halves rounded up, for cells of at least
  ``MIN_OBSERVATIONS``; smaller cells keep only n.

On PostgreSQL, triggers keep the observation table in step with every posting write (see
migration 0002), and the cube is one ``percentile_cont ... GROUP BY CUBE`` statement per
group of currencies, the groups run side by side on their own connections inside one
exported snapshot. Elsewhere the refresh rebuilds the table and computes the same numbers
exactly in Python. The percentile this path rounds is the exact one; the database's
float8 result is first snapped to hundredths of a minor unit, which every exact
percentile of integers at these fractions is a multiple of, so both paths round the same
value.
"""

from __future__ import annotations

import io
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from functools import cache, partial
from typing import Any, TypeVar

import pycountry
from django.db import connection, transaction

from core.money import exponent
from core.taxonomy import CompanySize, Industry, Level
from jobs import domain
from jobs.domain import PostingStatus
from jobs.models import Company, JobPosting

from .dimensions import DIMENSIONS, GROUPING_ALL, bit
from .models import (
    MIN_OBSERVATIONS,
    BenchmarkCell,
    BenchmarkRefresh,
    DemandPosting,
    SalaryObservation,
)
from .stats import PERCENTILES, cell_stats

T = TypeVar("T")
# A cell as written: currency, grouping, the five dimensions, n, mean, p10..p90.
CELL_COLUMNS = ("currency", "grouping", *DIMENSIONS, "n", "mean", *(f"p{p}" for p in PERCENTILES))
CellRow = tuple[Any, ...]
# Any constant unique to this lock; PostgreSQL advisory locks share one key space.
REFRESH_LOCK_KEY = 0x5A1A_21E5
# Cube statements run side by side, one per core, never more than this.
MAX_CUBE_WORKERS = 4
# Refresh transactions sort and hash up to a million rows per statement: this much memory
# keeps them off disk (the demand count spilled 30 MB to temporary files with the default
# 4 MB; a statement takes the memory only as it needs it). PostgreSQL's own parallel workers
# stay off: the refresh already runs one statement per core, and extra workers per statement
# only compete for the same cores (at 1M postings the insights' queries took 4.3-4.5 CPU
# seconds with workers and 3.8-3.9 without: bench/salaries.py --insight-rounds).
REFRESH_SETTINGS = {"work_mem": "256MB", "max_parallel_workers_per_gather": "0"}

_POSTINGS = (
    f'"{JobPosting._meta.db_table}" p JOIN "{Company._meta.db_table}" c ON c.id = p.company_id'
)
OBSERVATIONS_SQL = f"""
    SELECT p.id,
           (COALESCE(p.salary_min_annual, p.salary_max_annual)
            + COALESCE(p.salary_max_annual, p.salary_min_annual) + 1) / 2,
           p.salary_currency, p.level, p.country, c.industry, c.size, p.technical, p.posted_at
    FROM {_POSTINGS}
    WHERE p.status IN ('{PostingStatus.PUBLISHED}', '{PostingStatus.EXPIRED}')
      AND p.duplicate_of_id IS NULL
      AND (p.salary_min_annual IS NOT NULL OR p.salary_max_annual IS NOT NULL)
      AND p.salary_currency <> ''
      AND p.posted_at IS NOT NULL
"""  # noqa: S608 - table names and statuses are code, not input
# JobPosting.objects.went_live(), read as one INSERT ... SELECT.
DEMAND_SQL = f"""
    SELECT p.id, p.posted_at, p.level, p.country, c.industry, c.size, p.remote_policy
    FROM {_POSTINGS}
    WHERE p.status IN ({", ".join(f"'{status}'" for status in sorted(domain.WENT_LIVE))})
      AND p.duplicate_of_id IS NULL
      AND p.posted_at IS NOT NULL
"""  # noqa: S608 - table names and statuses are code, not input


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def observations_follow_postings() -> bool:
    """Whether database triggers keep the observation and demand tables current (PostgreSQL)."""
    return is_postgresql()


@contextmanager
def exclusive_refresh() -> Iterator[None]:
    """Run the block while no other refresh runs; a second refresh waits for the first.

    PostgreSQL: an advisory lock, held by the session across the refresh's transactions,
    or by the caller's transaction when the refresh runs inside one. The lock goes with the
    connection if the process dies. SQLite: every transaction starts IMMEDIATE (settings),
    which already makes writers take turns.
    """
    if not is_postgresql():
        yield
        return
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK_KEY])
            yield
            return
        cursor.execute("SELECT pg_advisory_lock(%s)", [REFRESH_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFRESH_LOCK_KEY])


def refresh_running() -> bool:
    """Whether a refresh holds the lock now: PostgreSQL only, SQLite has no lock to ask about."""
    if not is_postgresql():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REFRESH_LOCK_KEY])
        (free,) = cursor.fetchone()
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFRESH_LOCK_KEY])
    return not free


def rebuild_tables() -> int:
    """Re-derive the observation and demand tables from the postings; return the observations."""
    tables = [
        (SalaryObservation, OBSERVATIONS_SQL, "value, currency, level, country, industry, "
         "company_size, technical, posted_at"),
        (DemandPosting, DEMAND_SQL, "posted_at, level, country, industry, company_size, "
         "remote_policy"),
    ]  # fmt: skip
    counts = []
    with connection.cursor() as cursor:
        for model, select, columns in tables:
            table = model._meta.db_table
            if is_postgresql():
                cursor.execute(f'TRUNCATE "{table}"')
            else:
                cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608 - model metadata
            cursor.execute(f'INSERT INTO "{table}" (posting_id, {columns}) {select}')
            counts.append(cursor.rowcount)
    return counts[0]


def begin_refresh(*, share: bool) -> str | None:
    """Prepare this refresh transaction; with ``share``, export its snapshot for helpers.

    Call first thing in the refresh's ``transaction.atomic()``; ``share`` only where that
    block is the outermost one. Returns the snapshot's name, or None where the work stays
    on this connection (SQLite, or a refresh inside the caller's transaction, whose
    settings then last until the caller's transaction ends).
    """
    if not is_postgresql():
        return None
    with connection.cursor() as cursor:
        snapshot = None
        if share:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _use_refresh_settings(cursor)
        return snapshot


def compute(
    *, cutoff: datetime, snapshot: str | None, alongside: Callable[[], T]
) -> tuple[list[CellRow], T]:
    """The cells of the observations posted since ``cutoff``, and ``alongside()``'s result.

    With a shared snapshot the cube's currency groups run on helper connections while
    ``alongside`` runs on this one, all reading the same data.
    """
    if not is_postgresql():
        return _cells_in_python(cutoff), alongside()
    if snapshot is None:
        return _cube_rows(cutoff), alongside()
    named = _currency_groups(min(os.cpu_count() or 1, MAX_CUBE_WORKERS))
    others = [currency for group in named for currency in group]
    jobs = [partial(_cube_rows, cutoff, excluding=others)]
    jobs += [partial(_cube_rows, cutoff, only=group) for group in named]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        parts = [pool.submit(_in_snapshot, snapshot, job) for job in jobs]
        extra = alongside()
        rows = [row for part in parts for row in part.result()]
    return rows, extra


def write_cells(refresh: BenchmarkRefresh, rows: list[CellRow]) -> None:
    """Replace every stored cell with ``rows``, stamped with ``refresh``."""
    BenchmarkCell.objects.all().delete()
    if not is_postgresql():
        BenchmarkCell.objects.bulk_create(
            [
                BenchmarkCell(
                    refresh=refresh,
                    refreshed_at=refresh.refreshed_at,
                    **dict(zip(CELL_COLUMNS, row, strict=True)),
                )
                for row in rows
            ],
            batch_size=2000,
        )
        return
    data = io.StringIO()
    stamp = refresh.refreshed_at.isoformat()
    for row in rows:
        values = [refresh.pk, stamp, *row]
        data.write("\t".join(_copy_text(value) for value in values) + "\n")
    data.seek(0)
    columns = ", ".join(("refresh_id", "refreshed_at", *CELL_COLUMNS))
    with connection.cursor() as cursor:
        cursor.copy_expert(f'COPY "{BenchmarkCell._meta.db_table}" ({columns}) FROM STDIN', data)


def _cells_in_python(cutoff: datetime) -> list[CellRow]:
    bits = [bit(dimension) for dimension in DIMENSIONS]
    rolled_up = [False if dimension == "technical" else "" for dimension in DIMENSIONS]
    groups: dict[tuple, list[int]] = defaultdict(list)
    rows = SalaryObservation.objects.filter(posted_at__gte=cutoff).values_list(
        "currency", *DIMENSIONS, "value"
    )
    for currency, *dimensions, value in rows.iterator(chunk_size=10_000):
        blank = [value == "" for value in dimensions]
        for grouping in range(GROUPING_ALL + 1):
            if any(blank[i] and not grouping & bits[i] for i in range(len(bits))):
                continue
            position = tuple(
                rolled_up[i] if grouping & bits[i] else dimensions[i] for i in range(len(bits))
            )
            groups[(currency, grouping, *position)].append(value)
    return [
        (currency, grouping, *position, *cell_stats(values, currency))
        for (currency, grouping, *position), values in groups.items()
    ]


def _in_snapshot(snapshot: str, work: Callable[[], T]) -> T:
    """Run ``work`` on this thread's own connection, inside the exported snapshot."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            _use_refresh_settings(cursor)
            return work()
    finally:
        connection.close()


def _use_refresh_settings(cursor: Any) -> None:
    """Settings for the rest of this transaction: see ``REFRESH_SETTINGS``."""
    for name, value in REFRESH_SETTINGS.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def _currency_groups(count: int) -> list[list[str]]:
    """Currencies for ``count - 1`` helper statements, balanced by the last refresh's counts.

    The main statement takes every currency not named here, new ones included.
    """
    sizes = BenchmarkCell.objects.filter(grouping=GROUPING_ALL).values_list("currency", "n")
    groups: list[list[str]] = [[] for _ in range(count)]
    loads = [0] * count
    for currency, n in sorted(sizes, key=lambda pair: (-pair[1], pair[0])):
        lightest = loads.index(min(loads))
        groups[lightest].append(currency)
        loads[lightest] += n
    return [group for group in groups[1:] if group]


# Dimension values as small integers inside the cube: sorting integers instead of text makes
# the statement about twice as fast. Codes are array positions, or the letters' bytes.
_CODES = {
    "level": Level.values,
    "industry": Industry.values,
    "company_size": CompanySize.values,
}


def _cube_rows(
    cutoff: datetime, *, only: list[str] | None = None, excluding: Sequence[str] = ()
) -> list[CellRow]:
    """One cube statement over the observations in ``only`` or not in ``excluding``."""
    coded = ", ".join(
        [
            "((ascii(substr(currency, 1, 1)) << 16) | (ascii(substr(currency, 2, 1)) << 8)"
            " | ascii(substr(currency, 3, 1))) AS cu",
            "((ascii(substr(country, 1, 1)) << 8) | ascii(substr(country, 2, 1))) AS country",
            *(f"array_position(%({name})s::text[], {name}::text) AS {name}" for name in _CODES),
            "technical",
        ]
    )
    decoded = ", ".join(
        [
            "COALESCE((%(level)s::text[])[level], '')",
            "COALESCE(chr(country >> 8) || chr(country & 255), '')",
            "COALESCE((%(industry)s::text[])[industry], '')",
            "COALESCE((%(company_size)s::text[])[company_size], '')",
            "COALESCE(technical, FALSE)",
        ]
    )
    stats = ", ".join(
        f"CASE WHEN n >= {MIN_OBSERVATIONS} THEN round(round(pct[{i}]::numeric, 2) / unit) END"
        for i in range(1, len(PERCENTILES) + 1)
    )
    blank_free = " AND ".join(
        f"({name} IS NOT NULL OR grouping & {bit(name)} > 0)"
        for name in DIMENSIONS
        if name != "technical"
    )
    scope = ""
    if only is not None:
        scope = "AND currency = ANY(%(only)s)"
    elif excluding:
        scope = "AND NOT currency = ANY(%(excluding)s)"
    dimensions = ", ".join(DIMENSIONS)
    sql = f"""
        SELECT currency, grouping, {decoded}, n,
               CASE WHEN n >= {MIN_OBSERVATIONS} THEN round(total / (n * unit)) END, {stats}
        FROM (
            SELECT cube.*, chr(cu >> 16) || chr((cu >> 8) & 255) || chr(cu & 255) AS currency
            FROM (
                SELECT cu, GROUPING({dimensions}) AS grouping, {dimensions},
                       count(*) AS n, sum(value) AS total,
                       percentile_cont(ARRAY[{", ".join(str(p / 100) for p in PERCENTILES)}])
                           WITHIN GROUP (ORDER BY value) AS pct
                FROM (
                    SELECT value, {coded} FROM "{SalaryObservation._meta.db_table}"
                    WHERE posted_at >= %(cutoff)s {scope}
                ) o
                GROUP BY cu, CUBE ({dimensions})
            ) cube
            WHERE {blank_free}
        ) named, LATERAL (SELECT {_unit_case()} AS unit) units
    """  # noqa: S608 - identifiers and constants only; values are parameters
    params: dict[str, Any] = {
        **{name: list(values) for name, values in _CODES.items()},
        "cutoff": cutoff,
        "only": list(only or []),
        "excluding": list(excluding),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (*row[:7], *(int(value) if value is not None else None for value in row[7:]))
            for row in cursor.fetchall()
        ]


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


def _copy_text(value: Any) -> str:
    """A cell value in COPY's text format (codes and numbers: nothing to escape)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)
