"""Duplicate detection against the board: the postings jobs.domain's duplicate rule compares."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from jobs import domain
from jobs.models import JobPosting


def key_for(posting: JobPosting) -> str:
    return domain.dedupe_key(
        company_name=posting.company.name,
        title=posting.title,
        country=str(posting.country),
        city=posting.city,
        salary_min=posting.salary_min,
        salary_max=posting.salary_max,
        salary_currency=posting.salary_currency,
        salary_period=posting.salary_period,
    )


def original_candidates(keys: Iterable[str]) -> dict[str, list[tuple[int, datetime]]]:
    """Dedupe key -> (id, moment) of the stored postings that may be originals, oldest first."""
    candidates = (
        JobPosting.objects.filter(dedupe_key__in=set(keys), duplicate_of__isnull=True)
        .exclude(status__in=domain.NEVER_ORIGINAL)
        .order_by("created_at", "pk")
        .values_list("pk", "dedupe_key", "posted_at", "created_at")
    )
    originals: dict[str, list[tuple[int, datetime]]] = defaultdict(list)
    for pk, key, posted_at, created_at in candidates:
        originals[key].append((pk, posted_at or created_at))
    return originals


def find_original(posting: JobPosting) -> int | None:
    """The id of the posting ``posting`` duplicates, if any (jobs.domain.original_among)."""
    candidates = original_candidates([posting.dedupe_key]).get(posting.dedupe_key, [])
    moment = posting.posted_at or posting.created_at
    return domain.original_among(candidates, pk=posting.pk, moment=moment)
