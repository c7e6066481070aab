"""Bulk loading of postings that are already validated: demo data and synthetic data sets.

Derived fields that ``JobPosting.save()`` and the posting services would set are
filled here per batch. On PostgreSQL rows go in with COPY, with ids drawn from the
table's sequence beforehand so the skill links can be copied too, and the search
vector is set by the database trigger. Elsewhere ``bulk_create`` does the same.
"""

import io
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache

from django.db import connection, transaction

from careers.models import Skill
from core.markdown import render_markdown
from jobs.models import JobPosting
from jobs.services import dedupe
from jobs.taxonomy import annualize

# Rows per transaction: large enough to amortize round trips, small enough to keep
# memory flat and each transaction short.
BATCH_SIZE = 5000

_markdown = lru_cache(maxsize=20_000)(render_markdown)


def postings_bulk_insert(
    rows: Iterable[tuple[JobPosting, list[int]]], *, batch_size: int = BATCH_SIZE
) -> int:
    """Insert unsaved postings with their skill ids; return how many were inserted."""
    names = dict(Skill.objects.values_list("pk", "name"))
    insert = _copy if connection.vendor == "postgresql" else _bulk_create
    inserted = 0
    batch: list[tuple[JobPosting, list[int]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == batch_size:
            inserted += _insert(batch, names, insert)
            batch = []
    if batch:
        inserted += _insert(batch, names, insert)
    return inserted


@transaction.atomic
def _insert(batch, names: dict[int, str], insert) -> int:
    for posting, skill_ids in batch:
        posting.description_html = _markdown(posting.description)
        posting.salary_currency = posting.salary_currency.upper()
        posting.salary_min_annual = annualize(posting.salary_min, posting.salary_period)
        posting.salary_max_annual = annualize(posting.salary_max, posting.salary_period)
        posting.skills_text = ", ".join(sorted(names[pk] for pk in skill_ids))
        posting.dedupe_key = dedupe.key_for(posting)
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


def _copy(batch) -> None:
    table = JobPosting._meta.db_table
    fields = [f for f in JobPosting._meta.concrete_fields if f.column != "search_vector"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(batch)],
        )
        for (posting, _), (pk,) in zip(batch, cursor.fetchall(), strict=True):
            posting.pk = posting.id = pk
        postings = io.StringIO()
        for posting, _ in batch:
            postings.write("\t".join(_copy_text(_db_value(posting, f)) for f in fields) + "\n")
        postings.seek(0)
        columns = ", ".join(f'"{f.column}"' for f in fields)
        cursor.copy_expert(f'COPY "{table}" ({columns}) FROM STDIN', postings)
        links = io.StringIO()
        for posting, skill_ids in batch:
            links.writelines(f"{posting.pk}\t{skill_id}\n" for skill_id in skill_ids)
        links.seek(0)
        through = JobPosting.skills.through._meta.db_table
        cursor.copy_expert(f'COPY "{through}" (jobposting_id, skill_id) FROM STDIN', links)


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
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
