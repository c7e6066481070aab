"""A job search as one immutable value, and the filters it puts on postings.

The /jobs/ form, the API, the feeds and the saved-search alerts all parse their query
strings with ``jobs.filters.PostingFilter``; its cleaned data becomes a ``BoardQuery``,
and from there every one of them searches the same way (``jobs.search.board_page``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db.models import QuerySet

from core.filters import default_sort
from core.money import to_minor
from jobs.search.engine import engine
from jobs.search.where import where_filter

Sort = Literal["newest", "relevance", "salary"]
SORTS: tuple[Sort, ...] = ("newest", "relevance", "salary")


@dataclass(frozen=True)
class BoardQuery:
    """What a visitor searches for: keywords, filters, an order and a period.

    Multi-valued filters match a posting that has any of their values; different filters
    must all match. Empty values filter nothing. ``where`` is a place or workplace as a
    visitor types it (``jobs.search.where``). ``salary_at_least`` is an annual amount in
    minor units of ``currency``. ``posted_after`` (exclusive) and ``posted_until``
    (inclusive) bound the posting date.
    """

    text: str = ""
    levels: tuple[str, ...] = ()
    technical: bool | None = None
    remote_policies: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()
    country: str = ""
    city: str = ""
    where: str = ""
    industries: tuple[str, ...] = ()
    company_sizes: tuple[str, ...] = ()
    salary_at_least: int | None = None
    currency: str = ""
    skill_ids: tuple[int, ...] = ()
    posted_after: datetime | None = None
    posted_until: datetime | None = None
    sort: Sort = "newest"

    @classmethod
    def from_form(cls, data: Mapping[str, Any], *, now: datetime) -> BoardQuery:
        """The query a valid PostingFilter form's ``cleaned_data`` asks for, at ``now``.

        Without a chosen order, keywords sort by best match and everything else newest first.
        """
        text = (data.get("q") or "").strip()
        days = data.get("posted_within")
        currency = data.get("currency") or ""
        salary = data.get("salary_at_least")
        return cls(
            text=text,
            levels=_tuple(data.get("level")),
            technical=data.get("technical"),
            remote_policies=_tuple(data.get("remote_policy")),
            employment_types=_tuple(data.get("employment_type")),
            country=data.get("country") or "",
            city=data.get("city") or "",
            where=(data.get("where") or "").strip(),
            industries=_tuple(data.get("industry")),
            company_sizes=_tuple(data.get("company_size")),
            # The form allows a salary only with a currency and below that currency's ceiling.
            salary_at_least=None if salary is None else to_minor(salary, currency),
            currency=currency,
            skill_ids=tuple(skill.pk for skill in data.get("skills") or ()),
            posted_after=now - timedelta(days=int(days)) if days else None,
            sort=data.get("sort") or default_sort(text),
        )

    @property
    def ranks(self) -> bool:
        """Whether results come in order of relevance: best match asked for, with keywords."""
        return self.sort == "relevance" and bool(self.text)

    def filter(self, postings: QuerySet) -> QuerySet:
        """The postings of ``postings`` that match the keywords and meet every filter."""
        found = engine().matches(postings, self.text) if self.text else postings
        found = found.filter(**{
            lookup: value
            for lookup, value in (
                ("level__in", self.levels),
                ("remote_policy__in", self.remote_policies),
                ("employment_type__in", self.employment_types),
                ("company__industry__in", self.industries),
                ("company__size__in", self.company_sizes),
                ("country", self.country),
                ("city__iexact", self.city),
                ("technical", self.technical),
                ("posted_at__gt", self.posted_after),
                ("posted_at__lte", self.posted_until),
            )
            if value not in ((), "", None)
        })  # fmt: skip
        if self.where:
            found = found.filter(where_filter(self.where))
        if self.salary_at_least is not None:
            found = found.filter(
                salary_currency=self.currency, salary_max_annual__gte=self.salary_at_least
            )
        if self.skill_ids:
            # Through the many-to-many link a posting with two of the skills comes twice.
            found = found.filter(skills__in=self.skill_ids).distinct()
        return found


def _tuple(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(values or ())
