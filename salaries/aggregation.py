"""Observations and benchmark cells from the postings, the same way on every database.

Semantics (DESIGN.md, "Salary benchmark semantics"):

- An observation is a posting with a salary, published or expired, not a detected
  duplicate. Its value is the midpoint of its annualized bounds in minor units (one bound
  alone is the value); an odd sum rounds the half minor unit up. Cells count the
  observations posted at or after the window's cutoff.
- A cell is every combination of level, country, industry, company size and technical
  flag, each a value or "all", per currency. An observation with a blank dimension (a
  company without a size) counts only in cells where that dimension is "all".
- Statistics (salaries.stats): n, and from ``MIN_OBSERVATIONS`` up the mean and the 10th
  to 90th percentiles in whole currency units; smaller cells keep only n.

The refresh reads the observations once, as integer columns (the dimensions coded as small
integers), sorts the values once per currency, and computes each of the 32 grouping sets
of the cube from that order with array operations. On PostgreSQL, triggers keep the
observation, demand and skill demand tables in step with every posting write (migrations
0003 and 0008); elsewhere each refresh rebuilds them first.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.db import connection

from core.money import exponent
from jobs import domain
from jobs.domain import PostingStatus
from jobs.models import Company, JobPosting

from . import codes, columns
from .dimensions import DIMENSIONS, GROUPING_ALL, bit
from .models import (
    MIN_OBSERVATIONS,
    BenchmarkCell,
    BenchmarkRefresh,
    DemandPosting,
    SalaryObservation,
    SkillDemand,
)
from .stats import FIGURES, group_stats

# A cell as written: currency, grouping, the five dimensions, n, mean, p10..p90.
CELL_COLUMNS = ("currency", "grouping", *DIMENSIONS, "n", *FIGURES)
# Any constant unique to this lock; PostgreSQL advisory locks share one key space.
REFRESH_LOCK_KEY = 0x5A1A_21E5
# The top-skills count hashes the ids of a year's demand rows; at PostgreSQL's default
# work_mem that hash spills to temporary files in batches (bench/README.md). Raised for
# the refresh's transaction only, so the hash stays in memory.
REFRESH_WORK_MEM = "64MB"

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

# Values sort below 2**56 (jobs.salary_bounds), so a currency's index fits above them.
_VALUE_BITS = 56


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def reads_by_copy() -> bool:
    """Whether columns are read through a binary COPY (PostgreSQL) rather than a cursor."""
    return is_postgresql()


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


def skill_demand_sql() -> str:
    """The skill demand rows the demand and posting-skill tables give: skill, day, postings."""
    links = JobPosting.skills.through._meta.db_table
    if is_postgresql():
        day, join = "(d.posted_at AT TIME ZONE 'UTC')::date", "JOIN"
    else:
        # SQLite would walk the links in skill order and look up each one's posting: going
        # through the demand rows and probing each one's links is about twice as fast.
        day, join = "date(d.posted_at)", "CROSS JOIN"
    return f"""
        SELECT l.skill_id, {day}, count(*)
        FROM "{DemandPosting._meta.db_table}" d {join} "{links}" l ON l.jobposting_id = d.posting_id
        GROUP BY 1, 2
    """  # noqa: S608 - table names are code, not input


def rebuild_tables() -> int:
    """Re-derive the observation, demand and skill demand tables from the postings; return
    the observations."""
    tables = [
        (SalaryObservation, OBSERVATIONS_SQL, "posting_id, value, currency, level, country, "
         "industry, company_size, technical, posted_at"),
        (DemandPosting, DEMAND_SQL, "posting_id, posted_at, level, country, industry, "
         "company_size, remote_policy"),
    ]  # fmt: skip
    if not observations_follow_postings():
        # Elsewhere the demand table's triggers count the skills of every row it gains.
        tables.append((SkillDemand, skill_demand_sql(), "skill_id, day, postings"))
    names = [
        f'"{model._meta.db_table}"' for model in (SalaryObservation, DemandPosting, SkillDemand)
    ]
    counts = []
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(f"TRUNCATE {', '.join(names)}")
        else:
            for name in names:
                cursor.execute(f"DELETE FROM {name}")  # noqa: S608 - model metadata
        for model, select, fields in tables:
            cursor.execute(f'INSERT INTO "{model._meta.db_table}" ({fields}) {select}')
            counts.append(cursor.rowcount)
    return counts[0]


def begin_refresh(*, outermost: bool) -> None:
    """Make the refresh's transaction read one snapshot: call first thing inside it.

    Only an ``outermost`` transaction can choose; inside a caller's, the caller's holds.
    The refresh's transaction also gets ``REFRESH_WORK_MEM`` for its hashes.
    """
    if is_postgresql() and outermost:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT set_config('work_mem', %s, true)", [REFRESH_WORK_MEM])


@dataclass(frozen=True)
class Cells:
    """Every cell of a refresh, column by column as named in ``CELL_COLUMNS``.

    Text columns hold strings; n and the grouping integers; the figures whole units, None
    where a cell is below ``MIN_OBSERVATIONS``.
    """

    columns: dict[str, Any]

    def __len__(self) -> int:
        return len(self.columns["n"])

    @property
    def observations(self) -> int:
        return int(self.columns["n"][self.columns["grouping"] == GROUPING_ALL].sum())

    @property
    def published(self) -> int:
        return int((self.columns["n"] >= MIN_OBSERVATIONS).sum())

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """One tuple of Python values per cell, in ``CELL_COLUMNS`` order."""
        return zip(*(self.columns[name].tolist() for name in CELL_COLUMNS), strict=True)


def observation_columns(cutoff: datetime) -> dict[str, Any]:
    """The observations posted since ``cutoff``: value, currency and dimensions as codes
    (salaries.codes)."""
    select = ", ".join(
        [
            "value",
            "currency_code",
            *(f"{name}_code" for name in DIMENSIONS if name != "technical"),
            "CAST(CASE WHEN technical THEN 1 ELSE 0 END AS smallint)",
        ]
    )
    table = SalaryObservation._meta.db_table
    names = [("value", "bigint"), ("currency", "integer")]
    names += [(name, "integer" if name == "country" else "smallint") for name in DIMENSIONS]
    return columns.read(
        f'SELECT {select} FROM "{table}" WHERE posted_at >= %s',  # noqa: S608 - code only
        [connection.ops.adapt_datetimefield_value(cutoff)],
        names,
        binary_copy=reads_by_copy(),
    )


def compute(*, cutoff: datetime) -> Cells:
    """The cells of the observations posted since ``cutoff``."""
    return cube(observation_columns(cutoff))


def cube(observed: dict[str, Any]) -> Cells:
    """Every cell of the observations in ``observed`` (``observation_columns``' arrays)."""
    found = _Cube(observed)
    parts = [found.grouping_set(grouping) for grouping in range(GROUPING_ALL + 1)]
    merged = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    names = np.array(
        [codes.decode_letters(code, 3) for code in found.currencies.tolist()], dtype=object
    )
    cells = {"currency": names[merged["currency"]], "grouping": merged["grouping"]}
    for name in DIMENSIONS:
        cells[name] = _decoded(name, merged[name])
    cells["n"] = merged["n"]
    published = merged["n"] >= MIN_OBSERVATIONS
    for column, figure in enumerate(FIGURES):
        stated = np.full(len(published), None, dtype=object)
        stated[published] = merged["figures"][published, column].astype(object)
        cells[figure] = stated
    return Cells(cells)


class _Cube:
    """Observations sorted by currency and value once, each dimension coded densely (0, 1,
    ...), ready to give any grouping set's cells."""

    def __init__(self, observed: dict[str, Any]) -> None:
        self.currencies, currency = codes.dense(observed["currency"])
        order = np.argsort((currency.astype(np.int64) << _VALUE_BITS) | observed["value"])
        self.value = observed["value"][order]
        self.currency = currency[order]
        self.units = np.array(
            [10 ** exponent(codes.decode_letters(code, 3)) for code in self.currencies.tolist()]
        )
        self.dense: dict[str, Any] = {}
        self.codes: dict[str, Any] = {}
        for name in DIMENSIONS:
            self.codes[name], dense = codes.dense(observed[name])
            self.dense[name] = dense[order]
        # Currency and country as one code: a country mostly pays in its own currency, so
        # there are few pairs, and every cell's key stays small.
        countries = len(self.codes["country"])
        found, self.pairs = codes.dense(self.currency * countries + self.dense["country"])
        self.pair_currency, self.pair_country = np.divmod(found, countries)

    def grouping_set(self, grouping: int) -> dict[str, Any]:
        """The cells of one grouping set: codes (-1 where "all"), n and figures (zeros
        below the minimum n). Observations blank in a named dimension are left out."""
        named = [name for name in DIMENSIONS if not grouping & bit(name)]
        key, size = self.currency, len(self.currencies)
        if "country" in named:
            key, size = self.pairs, len(self.pair_currency)
        for name in named:
            if name != "country":
                key = key * len(self.codes[name]) + self.dense[name]
                size *= len(self.codes[name])
        per_key = np.bincount(key, minlength=size)
        keys = np.flatnonzero(per_key)
        found: dict[str, Any] = {"n": per_key[keys]}
        ordered = self.value
        if named:
            # Cells numbered in key order: the stable sort by cell keeps each cell's values
            # in order, and with few cells it is a radix sort of 8 or 16 bits.
            cell = (np.cumsum(per_key > 0) - 1).astype(np.min_scalar_type(len(keys)))
            ordered = self.value[np.argsort(cell[key], kind="stable")]
        starts = np.cumsum(found["n"]) - found["n"]
        rest = keys
        for name in reversed(DIMENSIONS):
            if name not in named:
                found[name] = np.full(len(keys), -1)
            elif name != "country":
                rest, found[name] = np.divmod(rest, len(self.codes[name]))
        if "country" in named:
            found["country"] = self.pair_country[rest]
            rest = self.pair_currency[rest]
        found["currency"] = rest
        # Blank (code 0) is never a value of a named dimension; a technical flag is never blank.
        kept = np.ones(len(keys), dtype=bool)
        for name in named:
            if name != "technical" and self.codes[name][:1].tolist() == [0]:
                kept &= found[name] != 0
        for name in DIMENSIONS:
            if name in named:
                found[name] = self.codes[name][found[name]]
        found = {name: column[kept] for name, column in found.items()}
        stated = found["n"] >= MIN_OBSERVATIONS
        found["figures"] = np.zeros((len(stated), len(FIGURES)), dtype=np.int64)
        found["figures"][stated] = group_stats(
            ordered,
            starts[kept][stated],
            found["n"][stated],
            self.units[found["currency"][stated]],
        )
        found["grouping"] = np.full(len(stated), grouping)
        return found


def _decoded(name: str, found: Any) -> Any:
    """A dimension's stored values from its codes; -1 (a cell where it is "all") rolled up."""
    if name == "technical":
        return found == 1
    if name == "country":
        found_codes, position = np.unique(found, return_inverse=True)
        labels = [
            codes.decode_letters(code, 2) if code >= 0 else "" for code in found_codes.tolist()
        ]
        return np.array(labels, dtype=object)[position]
    # -1 picks the last entry: blank, as a rolled-up dimension is stored.
    return np.array(["", *codes.CHOICES[name], ""], dtype=object)[found]


def write_cells(refresh: BenchmarkRefresh, cells: Cells) -> None:
    """Replace every stored cell with ``cells``, stamped with ``refresh``."""
    BenchmarkCell.objects.all().delete()
    table = BenchmarkCell._meta.db_table
    names = ", ".join(("refresh_id", "refreshed_at", *CELL_COLUMNS))
    stamp = connection.ops.adapt_datetimefield_value(refresh.refreshed_at)
    if not is_postgresql():
        places = ", ".join(["%s"] * (2 + len(CELL_COLUMNS)))
        with connection.cursor() as cursor:
            cursor.executemany(
                f'INSERT INTO "{table}" ({names}) VALUES ({places})',  # noqa: S608 - code only
                [(refresh.pk, stamp, *row) for row in cells.rows()],
            )
        return
    # COPY's text format: codes and numbers need no escaping; a null is \N.
    text = [[str(refresh.pk)] * len(cells), [refresh.refreshed_at.isoformat()] * len(cells)]
    for name in CELL_COLUMNS:
        column = cells.columns[name]
        if name == "technical":
            text.append(np.where(column, "t", "f").tolist())
        else:
            text.append(["\\N" if value is None else str(value) for value in column.tolist()])
    data = io.StringIO("".join("\t".join(row) + "\n" for row in zip(*text, strict=True)))
    with connection.cursor() as cursor:
        cursor.copy_expert(f'COPY "{table}" ({names}) FROM STDIN', data)
