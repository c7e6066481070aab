"""A gig search as one immutable value, and the filters it puts on gigs.

/gigs/ and the API's list parse their query strings with ``gigs.filters.GigFilter``; its
cleaned data becomes a ``GigQuery``, and ``gigs.search.gig_page`` cuts one page for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.db.models import QuerySet

from core.filters import default_sort
from core.money import to_minor
from gigs.models import Gig
from gigs.search.engine import engine

Sort = Literal["newest", "relevance"]


@dataclass(frozen=True)
class GigQuery:
    """What a visitor searches for. Empty values filter nothing.

    ``budget_at_least`` is in minor units of ``currency``: a gig matches when the top of its
    budget, in that currency, reaches it. ``posted_after`` (exclusive) and ``posted_until``
    (inclusive) bound the posting date.
    """

    text: str = ""
    categories: tuple[str, ...] = ()
    skill_ids: tuple[int, ...] = ()
    budget_types: tuple[str, ...] = ()
    budget_at_least: int | None = None
    currency: str = ""
    posted_after: datetime | None = None
    posted_until: datetime | None = None
    sort: Sort = "newest"

    @classmethod
    def from_form(cls, data: Mapping[str, Any], *, now: datetime) -> GigQuery:
        """The query a valid GigFilter's ``cleaned_data`` asks for, at ``now``."""
        text = (data.get("q") or "").strip()
        days = data.get("posted_within")
        currency = data.get("currency") or ""
        budget = data.get("budget_at_least")
        return cls(
            text=text,
            categories=tuple(data.get("category") or ()),
            skill_ids=tuple(skill.pk for skill in data.get("skills") or ()),
            budget_types=tuple(data.get("budget_type") or ()),
            # The form allows a budget only with a currency.
            budget_at_least=None if budget is None else to_minor(budget, currency),
            currency=currency,
            posted_after=now - timedelta(days=int(days)) if days else None,
            sort=data.get("sort") or default_sort(text),
        )

    @property
    def ranks(self) -> bool:
        return self.sort == "relevance" and bool(self.text)

    def filter(self, gigs: QuerySet) -> QuerySet:
        """The gigs of ``gigs`` that match the keywords and meet every filter."""
        found = engine().matches(gigs, self.text) if self.text else gigs
        found = found.filter(**{
            lookup: value
            for lookup, value in (
                ("category__in", self.categories),
                ("budget_type__in", self.budget_types),
                ("posted_at__gt", self.posted_after),
                ("posted_at__lte", self.posted_until),
            )
            if value not in ((), "", None)
        })  # fmt: skip
        if self.budget_at_least is not None:
            found = found.filter(currency=self.currency, budget_max__gte=self.budget_at_least)
        if self.skill_ids:
            # Any of the skills: a subquery, so a gig with two of them comes once.
            found = found.filter(pk__in=Gig.skills.through.objects.filter(
                skill_id__in=self.skill_ids).values("gig_id"))  # fmt: skip
        return found
