"""Bulk loading of postings that are already validated: demo data and synthetic data sets.

Derived fields that ``JobPosting.save()`` and the posting services would set are
filled here per batch; on PostgreSQL the search vector is set by the database.
"""

from collections.abc import Iterable
from functools import lru_cache

from django.db import transaction

from careers.models import Skill
from core.markdown import render_markdown
from jobs.models import JobPosting
from jobs.services import dedupe
from jobs.taxonomy import annualize

# Rows per INSERT: large enough to amortize round trips, small enough to keep
# memory flat and each transaction short.
BATCH_SIZE = 5000

_markdown = lru_cache(maxsize=20_000)(render_markdown)


def postings_bulk_insert(
    rows: Iterable[tuple[JobPosting, list[int]]], *, batch_size: int = BATCH_SIZE
) -> int:
    """Insert unsaved postings with their skill ids; return how many were inserted."""
    names = dict(Skill.objects.values_list("pk", "name"))
    through = JobPosting.skills.through
    inserted = 0
    batch: list[tuple[JobPosting, list[int]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == batch_size:
            inserted += _insert(batch, names, through)
            batch = []
    if batch:
        inserted += _insert(batch, names, through)
    return inserted


@transaction.atomic
def _insert(batch, names: dict[int, str], through) -> int:
    postings = []
    for posting, skill_ids in batch:
        posting.description_html = _markdown(posting.description)
        posting.salary_min_annual = annualize(posting.salary_min, posting.salary_period)
        posting.salary_max_annual = annualize(posting.salary_max, posting.salary_period)
        posting.skills_text = ", ".join(sorted(names[pk] for pk in skill_ids))
        posting.dedupe_key = dedupe.key_for(posting)
        postings.append(posting)
    JobPosting.objects.bulk_create(postings)
    through.objects.bulk_create(
        [
            through(jobposting_id=posting.pk, skill_id=skill_id)
            for posting, skill_ids in batch
            for skill_id in skill_ids
        ]
    )
    return len(postings)
