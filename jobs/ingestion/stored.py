"""The postings a source stored before, found by external id: what a batch is compared with.

One probe of the unique (source, external id) index per id, whatever the table's
statistics say. During a source's first large import they know none of its postings, and
PostgreSQL, given the ids as a list, reads the index by source alone and compares every
posting of the source with the list, a cost that grows with each batch (#18). A join of
the ids, one lookup each, leaves the planner no such choice. SQLite plans the ORM's query
by the index as it is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from jobs.models import JobPosting

FIELDS = (
    "id", "content_hash", "status", "posted_at", "dedupe_key", "duplicate_of_id",
    "valid_through", "expiry_warned_at",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Stored:
    """What the store needs to know about a posting already on the board."""

    pk: int
    content_hash: str
    status: str
    posted_at: datetime | None
    dedupe_key: str
    duplicate_of_id: int | None
    valid_through: datetime | None
    expiry_warned_at: datetime | None


def stored_postings(*, source: str, external_ids: Collection[str]) -> dict[str, Stored]:
    """The postings of ``source`` with these external ids, by external id.

    A blank id names no posting: the unique index leaves such postings out.
    """
    ids = sorted({external_id for external_id in external_ids if external_id})
    if not ids:
        return {}
    rows = _probed(source, ids) if connection.vendor == "postgresql" else _filtered(source, ids)
    return {external_id: Stored(*values) for external_id, *values in rows}


def _probed(source: str, ids: list[str]) -> Iterable[tuple[Any, ...]]:
    # Both queries state the unique index's condition (a non-blank id): a database uses
    # a partial index only where the query implies its condition.
    columns = ", ".join(("external_id", *FIELDS))
    sql = (
        f"SELECT p.* FROM unnest(%s::text[]) AS wanted(external_id) CROSS JOIN LATERAL "  # noqa: S608 - column and table names are code
        f"(SELECT {columns} FROM {JobPosting._meta.db_table} "
        "WHERE source = %s AND external_id = wanted.external_id AND external_id <> '' "
        "LIMIT 1) AS p"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids, source])
        return cursor.fetchall()


def _filtered(source: str, ids: list[str]) -> Iterable[tuple[Any, ...]]:
    rows = JobPosting.objects.filter(source=source, external_id__in=ids).exclude(external_id="")
    return rows.values_list("external_id", *FIELDS)
