"""Bulk loading of postings that are already validated: demo data and synthetic data sets.

Derived fields that ``JobPosting.save()`` and the posting services would set are
filled here per batch, by the same jobs.domain rules. On PostgreSQL rows go in with
COPY, with ids drawn from the table's sequence beforehand so the skill links can be
copied too, and the search vector is set by the database trigger. Elsewhere
``bulk_create`` does the same.

``postings_bulk_insert`` takes unsaved model instances (the demo board).
``postings_load`` takes plain rows, (company, field values, skill ids), and writes
COPY text straight from them over several connections at once: the trigger's
text parsing is the bulk of a load's cost, and each connection has a core to run it.
``postings_copy`` takes complete rows whose ids (from ``posting_ids``) and derived
fields the caller has set (feed ingestion), and inserts them in the caller's transaction.
"""

import io
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from careers.models import Skill
from jobs import domain
from jobs.models import Company, JobPosting

# Rows per transaction: large enough to amortize round trips, small enough to keep
# memory flat and each transaction short.
BATCH_SIZE = 5000
# Plain rows per COPY: about 15 MB of text, a few seconds of database work.
LOAD_BATCH_SIZE = 10_000
# Connections copying at once: one per core of the database server.
LOAD_CONNECTIONS = 2
# Rows per UPDATE statement where postings are updated with bulk_update: each row adds
# a CASE branch per column, and the database compares every branch for every row.
UPDATE_BATCH_SIZE = 200

PostingRow = tuple[Company, dict[str, Any], list[int]]
# A complete row for postings_copy: column values by attname, and skill ids.
CopyRow = tuple[dict[str, Any], list[int]]

# Generated and demo data sets repeat a few hundred descriptions.
_description_html = lru_cache(maxsize=20_000)(domain.description_html)
# The fields the derived ones are computed from.
_DERIVED_FROM = ("title", "description", "country", "city", "salary_min", "salary_max",
                 "salary_currency", "salary_period")  # fmt: skip


def postings_bulk_insert(
    rows: Iterable[tuple[JobPosting, list[int]]], *, batch_size: int = BATCH_SIZE
) -> int:
    """Insert unsaved postings with their skill ids; return how many were inserted."""
    names = dict(Skill.objects.values_list("pk", "name"))
    insert = _copy if connection.vendor == "postgresql" else _bulk_create
    inserted = 0
    for batch in _chunks(rows, batch_size):
        inserted += _insert(batch, names, insert)
    return inserted


def postings_load(
    rows: Iterable[PostingRow],
    *,
    batch_size: int = LOAD_BATCH_SIZE,
    connections: int = LOAD_CONNECTIONS,
) -> int:
    """Insert plain posting rows with their skill ids; return how many were inserted.

    On PostgreSQL, batches are copied over ``connections`` connections at once, each
    batch in its own transaction. Inside an open transaction, whose rows (such as
    just-created companies) other connections cannot see, everything goes through
    this connection. Other databases get model instances and ``bulk_create``.
    """
    if connection.vendor != "postgresql":
        instances = ((JobPosting(company=c, **fields), skills) for c, fields, skills in rows)
        return postings_bulk_insert(instances)
    writer = _CopyWriter()
    batches = (writer.batch(chunk) for chunk in _chunks(rows, batch_size))
    if connections < 2 or connection.in_atomic_block:
        return sum(_copy_batch(*batch) for batch in batches)
    return _copy_in_parallel(batches, connections)


def posting_ids(count: int) -> list[int]:
    """``count`` unused posting ids, for rows that must know their ids before they are written.

    PostgreSQL draws them from the table's sequence. Elsewhere they follow the highest
    id, which holds within the caller's write transaction (SQLite writers take turns).
    """
    if not count:
        return []
    if connection.vendor == "postgresql":
        return _next_ids(count)
    top = JobPosting.objects.aggregate(top=Max("pk"))["top"] or 0
    return list(range(top + 1, top + 1 + count))


def postings_copy(rows: Sequence[CopyRow], *, connections: int = 1) -> int:
    """Insert complete rows; return how many.

    Each row is (column values by attname, id and derived fields included; its skill
    ids). Columns a row leaves out take the model's defaults. Nothing is derived here:
    the caller has already rendered, annualized and keyed each row.

    The rows go in within the current transaction, unless ``connections`` is above one
    on PostgreSQL outside a transaction: then they are split into that many parts
    copied at once, each part committed on its own connection. A row whose
    duplicate_of is another of ``rows`` goes in that row's part, so every part commits
    on its own. If a part fails, the others still commit and the first error is raised
    once all have finished: the caller finds out which rows are missing.
    """
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        JobPosting.objects.bulk_create([JobPosting(**fields) for fields, _ in rows])
        links = JobPosting.skills.through
        links.objects.bulk_create(
            links(jobposting_id=fields["id"], skill_id=skill_id)
            for fields, skill_ids in rows
            for skill_id in skill_ids
        )
        return len(rows)
    columns = _column_defaults()
    if connections < 2 or connection.in_atomic_block:
        _copy_into(*_copy_lines(rows, columns))
        return len(rows)
    parts = [part for part in _parts(rows, connections) if part]
    with ThreadPoolExecutor(max_workers=len(parts)) as pool:
        copies = [pool.submit(_copy_part_on_own_connection, part, columns) for part in parts]
    errors = [error for copy in copies if (error := copy.exception()) is not None]
    if errors:
        raise errors[0]
    return len(rows)


def postings_update(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> int:
    """Rewrite ``columns`` (attnames) of existing postings in the current transaction.

    Each row holds the posting's ``id`` and the new values, derived ones included. On
    PostgreSQL the rows are copied into a temporary table and applied with one UPDATE
    (the search-vector trigger runs as for any update); elsewhere ``bulk_update``.
    """
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        postings = [JobPosting(**row) for row in rows]
        JobPosting.objects.bulk_update(postings, list(columns), batch_size=UPDATE_BATCH_SIZE)
        return len(rows)
    quote = connection.ops.quote_name
    names = [quote(_COLUMNS[name]) for name in columns]
    listed, table = ", ".join(names), quote(JobPosting._meta.db_table)
    assignments = ", ".join(f"{name} = changes.{name}" for name in names)
    lines = "".join(
        "\t".join(_copy_text(row[name]) for name in ("id", *columns)) + "\n" for row in rows
    )
    # Only the model's own table and column names are formatted into these statements.
    create = f"CREATE TEMPORARY TABLE posting_changes ON COMMIT DROP AS SELECT id, {listed} FROM {table} WITH NO DATA"  # noqa: E501, S608
    update = f"UPDATE {table} AS posting SET {assignments} FROM posting_changes AS changes WHERE posting.id = changes.id"  # noqa: E501, S608
    with connection.wrap_database_errors, connection.cursor() as cursor:
        cursor.execute(create)
        cursor.copy_expert(f"COPY posting_changes (id, {listed}) FROM STDIN", io.StringIO(lines))
        # Without statistics the planner guesses the changes' size and may read the whole
        # postings table to join them; counted, it looks each change up by id.
        cursor.execute("ANALYZE posting_changes")
        cursor.execute(update)
        cursor.execute("DROP TABLE posting_changes")
    return len(rows)


def _copy_lines(rows: Sequence[CopyRow], columns: dict[str, str]) -> tuple[str, str]:
    """COPY text for complete rows and for their skill links."""
    postings, links = io.StringIO(), io.StringIO()
    for fields, skill_ids in rows:
        postings.write(
            "\t".join(
                _copy_text(fields[name]) if name in fields else default
                for name, default in columns.items()
            )
        )
        postings.write("\n")
        links.writelines(f"{fields['id']}\t{skill_id}\n" for skill_id in skill_ids)
    return postings.getvalue(), links.getvalue()


def _parts(rows: Sequence[CopyRow], count: int) -> list[list[CopyRow]]:
    """``rows`` dealt into ``count`` parts, each duplicate in the part of its original."""
    parts: list[list[CopyRow]] = [[] for _ in range(count)]
    part_of: dict[int, int] = {}
    for n, row in enumerate(rows):
        original = row[0].get("duplicate_of_id")
        part = n % count if original is None else part_of.get(original, n % count)
        part_of[row[0]["id"]] = part
        parts[part].append(row)
    return parts


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _derived(fields: Mapping[str, Any], company_name: str, skills_text: str) -> dict[str, Any]:
    """What ``JobPosting.save()`` and the posting services derive from the other fields."""
    salary = {
        name: fields[name]
        for name in ("salary_min", "salary_max", "salary_currency", "salary_period")
    }
    return {
        "description_html": _description_html(fields["description"]),
        **domain.salary_fields(**salary),
        "skills_text": skills_text,
        "dedupe_key": domain.dedupe_key(
            company_name=company_name,
            title=fields["title"],
            country=str(fields["country"]),
            city=fields["city"],
            **salary,
        ),
    }


def _skills_text(names: dict[int, str], skill_ids: list[int]) -> str:
    return domain.skills_text(names[pk] for pk in skill_ids)


@transaction.atomic
def _insert(batch, names: dict[int, str], insert) -> int:
    for posting, skill_ids in batch:
        fields = {name: getattr(posting, name) for name in _DERIVED_FROM}
        derived = _derived(fields, posting.company.name, _skills_text(names, skill_ids))
        for name, value in derived.items():
            setattr(posting, name, value)
    insert(batch)
    return len(batch)


def _bulk_create(batch) -> None:
    JobPosting.objects.bulk_create([posting for posting, _ in batch])
    through = JobPosting.skills.through
    through.objects.bulk_create(
        [
            through(jobposting_id=posting.pk, skill_id=skill_id)
            for posting, skill_ids in batch
            for skill_id in skill_ids
        ]
    )


_FIELDS = [f for f in JobPosting._meta.concrete_fields if f.column != "search_vector"]
_COLUMNS = {f.attname: f.column for f in _FIELDS}
_COPY_POSTINGS = 'COPY "{table}" ({columns}) FROM STDIN'.format(
    table=JobPosting._meta.db_table, columns=", ".join(f'"{f.column}"' for f in _FIELDS)
)
_COPY_LINKS = (
    f'COPY "{JobPosting.skills.through._meta.db_table}" (jobposting_id, skill_id) FROM STDIN'
)


def _copy(batch) -> None:
    for (posting, _), pk in zip(batch, _next_ids(len(batch)), strict=True):
        posting.pk = posting.id = pk
    postings = "".join(
        "\t".join(_copy_text(_db_value(posting, f)) for f in _FIELDS) + "\n" for posting, _ in batch
    )
    links = "".join(
        f"{posting.pk}\t{skill_id}\n" for posting, skill_ids in batch for skill_id in skill_ids
    )
    _copy_into(postings, links)


def _next_ids(count: int) -> list[int]:
    """``count`` ids from the postings' sequence, reserved for rows about to be copied."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [JobPosting._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy_into(postings: str, links: str) -> None:
    """COPY posting lines and their skill links in the current transaction."""
    # Raise Django's database errors, as a query would, not the driver's.
    with connection.wrap_database_errors, connection.cursor() as cursor:
        cursor.copy_expert(_COPY_POSTINGS, io.StringIO(postings))
        cursor.copy_expert(_COPY_LINKS, io.StringIO(links))


def _copy_batch(postings: str, links: str, count: int) -> int:
    with transaction.atomic():
        _copy_into(postings, links)
    return count


def _copy_part_on_own_connection(rows: Sequence[CopyRow], columns: dict[str, str]) -> int:
    """Write a part's COPY text and copy it, on a worker thread: the database starts on the
    first part while the next part's text is written."""
    return _copy_batch_on_own_connection(*_copy_lines(rows, columns), len(rows))


def _copy_batch_on_own_connection(postings: str, links: str, count: int) -> int:
    """``_copy_batch`` from a worker thread, which opens a connection and closes it after."""
    try:
        return _copy_batch(postings, links, count)
    finally:
        connection.close()


def _copy_in_parallel(batches: Iterator[tuple[str, str, int]], connections: int) -> int:
    """Copy batches over ``connections`` worker connections while the next ones are built."""
    inserted = 0
    pending: deque[Future[int]] = deque()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        try:
            for batch in batches:
                # Bound the batches held in memory; a worker's error surfaces here.
                if len(pending) > connections:
                    inserted += pending.popleft().result()
                pending.append(pool.submit(_copy_batch_on_own_connection, *batch))
            while pending:
                inserted += pending.popleft().result()
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    return inserted


class _CopyWriter:
    """Turns plain rows into COPY text, with the model's defaults for fields rows leave out."""

    def __init__(self) -> None:
        self.names = dict(Skill.objects.values_list("pk", "name"))
        self.columns = _column_defaults()

    def batch(self, rows: list[PostingRow]) -> tuple[str, str, int]:
        """(posting lines, skill link lines, row count) for ``rows``, with ids assigned."""
        postings, links = io.StringIO(), io.StringIO()
        for (company, fields, skill_ids), pk in zip(rows, _next_ids(len(rows)), strict=True):
            derived = _derived(fields, company.name, _skills_text(self.names, skill_ids))
            values = {**fields, **derived, "id": pk, "company_id": company.pk}
            postings.write(
                "\t".join(
                    _copy_text(values[name]) if name in values else default
                    for name, default in self.columns.items()
                )
            )
            postings.write("\n")
            links.writelines(f"{pk}\t{skill_id}\n" for skill_id in skill_ids)
        return postings.getvalue(), links.getvalue(), len(rows)


def _column_defaults() -> dict[str, str]:
    """Each column's text when a row leaves it out, in the order of _COPY_POSTINGS."""
    now = timezone.now()
    return {
        f.attname: _copy_text(
            f.get_db_prep_save(
                now if getattr(f, "auto_now", False) else f.get_default(), connection
            )
        )
        for f in _FIELDS
    }


_PLAIN = (str, int, float, datetime, date, type(None))


def _db_value(posting: JobPosting, field) -> object:
    """The value Model.save() would write, taking a shortcut for plain Python values."""
    value = getattr(posting, field.attname)
    if isinstance(value, _PLAIN) and not getattr(field, "auto_now", False):
        return value
    # pre_save applies auto_now and friends; get_db_prep_save adapts custom fields.
    return field.get_db_prep_save(field.pre_save(posting, True), connection)


def _copy_text(value) -> str:
    """A value in COPY's text format."""
    if type(value) is str:
        # Most values are text with nothing to escape: tests cost less than four replaces.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return _escape(value)
        return value
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return _escape(value.isoformat() if hasattr(value, "isoformat") else str(value))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
