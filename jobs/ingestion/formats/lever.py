"""The Lever postings API: an array of postings as served by ``/v0/postings/<site>?mode=json``.

Each posting has an id, text (the title), categories (commitment, location, team),
country (ISO code), workplaceType, descriptionPlain and additionalPlain, hostedUrl,
salaryRange {currency, interval, min, max} and createdAt in milliseconds since the
epoch. Lever does not name the company: the feed's registered company name stands in.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any, BinaryIO

from .. import lookups
from ..records import FeedError, FeedRecord, Rejection
from .common import guarded, load_json

# workplaceType values that say nothing about where the role is worked.
UNSPECIFIED = {"", "unspecified"}


def parse(stream: BinaryIO) -> Iterator[FeedRecord | Rejection]:
    document = load_json(stream)
    if not isinstance(document, list):
        raise FeedError("expected a list of postings (the Lever postings API)")
    for number, posting in enumerate(document, start=1):
        if not isinstance(posting, dict):
            yield Rejection(number, "not an object")
            continue
        yield guarded(number, partial(_record, posting, number))


def _record(posting: dict[str, Any], number: int) -> FeedRecord:
    categories = posting.get("categories")
    categories = categories if isinstance(categories, dict) else {}
    location = categories.get("location")
    place = lookups.place_from_text(location) if isinstance(location, str) else lookups.Place()
    workplace = posting.get("workplaceType")
    record = FeedRecord(
        number=number,
        external_id=posting.get("id"),
        url=posting.get("hostedUrl"),
        title=posting.get("text"),
        description=_description(posting),
        date_posted=_moment(posting.get("createdAt")),
        employment_type=categories.get("commitment"),
        city=place.city,
        region=place.region,
        country=posting.get("country") or place.country or place.unknown_country or None,
        remote=None if isinstance(workplace, str) and workplace in UNSPECIFIED else workplace,
    )
    salary = posting.get("salaryRange")
    if isinstance(salary, dict):
        record.salary_min, record.salary_max = salary.get("min"), salary.get("max")
        record.salary_currency = salary.get("currency")
        record.salary_unit = salary.get("interval")
    return record


def _description(posting: dict[str, Any]) -> Any:
    parts = [posting.get("descriptionPlain"), posting.get("additionalPlain")]
    texts = [part.strip() for part in parts if isinstance(part, str) and part.strip()]
    return "\n\n".join(texts) if texts else parts[0]


def _moment(value: Any) -> Any:
    """createdAt in milliseconds as a datetime; anything else is left for validation."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return str(value)
