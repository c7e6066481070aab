"""The Greenhouse job board API: ``{"jobs": [...]}``, as served with ``?content=true``.

Each job has an id, title, updated_at (and first_published on newer boards),
location.name (free text such as "London, UK" or "Remote - US"), absolute_url,
HTML-escaped content, departments, offices and, when the employer publishes pay,
pay_input_ranges in hundredths of the currency. Boards do not always name their
company: the feed's registered company name stands in.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any, BinaryIO

from .. import lookups
from ..records import FeedError, FeedRecord, Rejection
from .common import first, guarded, load_json, name_of


def parse(stream: BinaryIO) -> Iterator[FeedRecord | Rejection]:
    document = load_json(stream)
    jobs = document.get("jobs") if isinstance(document, dict) else None
    if not isinstance(jobs, list):
        raise FeedError('expected an object with a "jobs" list (the Greenhouse job board API)')
    for number, job in enumerate(jobs, start=1):
        if not isinstance(job, dict):
            yield Rejection(number, "not an object")
            continue
        yield guarded(number, partial(_record, job, number))


def _record(job: dict[str, Any], number: int) -> FeedRecord:
    content = job.get("content")
    record = FeedRecord(
        number=number,
        external_id=job.get("id"),
        url=job.get("absolute_url"),
        title=job.get("title"),
        # The API escapes the HTML of the description once more: undo that, then sanitize.
        description=html.unescape(content) if isinstance(content, str) else content,
        description_is_html=True,
        date_posted=job.get("first_published") or job.get("updated_at"),
        company=job.get("company_name"),
    )
    _place(record, job)
    pay = first(job.get("pay_input_ranges"))
    if isinstance(pay, dict):
        record.salary_min = _hundredths(pay.get("min_cents"))
        record.salary_max = _hundredths(pay.get("max_cents"))
        record.salary_currency = pay.get("currency_type")
        # Pay transparency ranges are yearly; Greenhouse gives no unit.
        record.salary_unit = "year"
    return record


def _place(record: FeedRecord, job: dict[str, Any]) -> None:
    """City, country and how the role is worked, from the location or else the first office."""
    names = [name_of(job.get("location"))]
    offices = job.get("offices")
    for office in offices if isinstance(offices, list) else []:
        if isinstance(office, dict):
            names += [office.get("location"), office.get("name")]
    texts = [name for name in names if isinstance(name, str) and name.strip()]
    places = [lookups.place_from_text(text) for text in texts]
    if not places:
        return
    located = next((place for place in places if place.country), places[0])
    record.city, record.region = located.city, located.region
    record.country = located.country or located.unknown_country or None
    record.remote = places[0].remote


def _hundredths(value: Any) -> Any:
    """Cents as currency units; anything else is left for validation to reject."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    try:
        return Decimal(str(value)) / 100
    except InvalidOperation:
        return value
