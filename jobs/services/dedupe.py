"""Duplicate detection: the same role posted twice within a month is shown once."""

import hashlib
import re
import unicodedata
from datetime import timedelta

from django.db.models import Q

from jobs.models import JobPosting

DUPLICATE_WINDOW = timedelta(days=30)
_NON_WORD = re.compile(r"[^\w]+")


def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", ascii_text.lower()).strip()


def dedupe_key(
    *,
    company_name: str,
    title: str,
    country: str,
    city: str,
    salary_min: int | None,
    salary_max: int | None,
    salary_currency: str,
    salary_period: str,
) -> str:
    parts = [
        normalize(company_name),
        normalize(title),
        country.upper(),
        normalize(city),
        "" if salary_min is None else str(salary_min),
        "" if salary_max is None else str(salary_max),
        salary_currency.upper(),
        salary_period,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def key_for(posting: JobPosting) -> str:
    return dedupe_key(
        company_name=posting.company.name,
        title=posting.title,
        country=str(posting.country),
        city=posting.city,
        salary_min=posting.salary_min,
        salary_max=posting.salary_max,
        salary_currency=posting.salary_currency,
        salary_period=posting.salary_period,
    )


def find_original(posting: JobPosting) -> JobPosting | None:
    """The earliest other posting with the same key within 30 days of this one, if any.

    Drafts, rejected and archived postings never count as originals, nor do
    postings that are themselves duplicates.
    """
    moment = posting.posted_at or posting.created_at
    return (
        JobPosting.objects.filter(dedupe_key=posting.dedupe_key, duplicate_of__isnull=True)
        .exclude(pk=posting.pk)
        .exclude(status__in=["draft", "rejected", "archived"])
        .filter(
            Q(posted_at__range=(moment - DUPLICATE_WINDOW, moment + DUPLICATE_WINDOW))
            | Q(
                posted_at__isnull=True,
                created_at__range=(moment - DUPLICATE_WINDOW, moment + DUPLICATE_WINDOW),
            )
        )
        .order_by("created_at", "pk")
        .first()
    )
