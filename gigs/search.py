"""The gig search: a query value from the filter form, and one page function every list uses.

/gigs/ and the API's list parse their query strings with ``gigs.filters.GigFilter``; its
cleaned data becomes a ``GigQuery``, and ``gig_page`` cuts one page of listed gigs for it:
the page's keys first, then those rows. Keyword matching differs by database in one place,
``matches``: PostgreSQL's full-text search, a case-blind word match on SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, FloatField, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import Expression

from careers.models import Skill
from core.money import to_minor
from core.pagination import Page, keyset_after, keyset_cut, offset_page
from gigs.models import Gig

Sort = Literal["newest", "relevance"]
PAGE_SIZE = 20
NEWEST = ["-posted_at", "-id"]
# Best match ranks at most this many matches, the newest ones; older matches stay reachable
# newest first.
RANK_CANDIDATES = 500
_WORD = re.compile(r"[\w+#.-]+", re.UNICODE)
_WEIGHTS = (("title", 1.0), ("description", 0.1))


@dataclass(frozen=True)
class GigQuery:
    """What a visitor searches for. Empty values filter nothing.

    ``budget_at_least`` is in minor units of ``currency``: a gig matches when the top of its
    budget, in that currency, reaches it.
    """

    text: str = ""
    categories: tuple[str, ...] = ()
    skill_ids: tuple[int, ...] = ()
    budget_types: tuple[str, ...] = ()
    budget_at_least: int | None = None
    currency: str = ""
    posted_after: datetime | None = None
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
            sort=data.get("sort") or ("relevance" if text else "newest"),
        )

    @property
    def ranks(self) -> bool:
        return self.sort == "relevance" and bool(self.text)

    def filter(self, gigs: QuerySet) -> QuerySet:
        """The gigs of ``gigs`` that match the keywords and meet every filter."""
        found = matches(gigs, self.text) if self.text else gigs
        found = found.filter(**{
            lookup: value
            for lookup, value in (
                ("category__in", self.categories),
                ("budget_type__in", self.budget_types),
                ("posted_at__gt", self.posted_after),
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


def cards(gigs: QuerySet) -> QuerySet:
    """``gigs`` with what a gig card or API row shows: company, skills by name, no description.

    Two queries however many rows are read: the gigs with their companies, and the skills.
    """
    skills = Prefetch("skills", queryset=Skill.objects.only("name", "slug").order_by("name"))
    return (
        gigs.select_related("company")
        .defer("description", "hidden_reason")
        .prefetch_related(skills)
    )


def gig_page(
    query: GigQuery,
    *,
    cursor: str | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
    rows: QuerySet | None = None,
) -> Page:
    """One page of the listed gigs ``query`` finds, in its order, never counting them all.

    Best match pages a capped ranking by number (``page``); newest first walks a keyset
    ``cursor``. Two queries: the page's keys with its rows, and their skills.
    """
    rows = cards(Gig.objects.all()) if rows is None else rows
    listed = Gig.objects.listed()
    if query.ranks:
        candidates = query.filter(listed).order_by(*NEWEST).values("pk")[:RANK_CANDIDATES]
        order = ("-rank", *NEWEST)
        ranked = rows.filter(pk__in=candidates).annotate(rank=score(query.text)).order_by(*order)
        return offset_page(ranked, page=page, size=size)
    after = keyset_after(Gig, NEWEST, cursor)
    found = query.filter(listed if after is None else listed.filter(after))
    picked = found.order_by(*NEWEST).values("pk")[: size + 1]
    page_rows = rows.filter(pk__in=picked).order_by(*NEWEST)
    return keyset_cut(list(page_rows), keys=NEWEST, size=size, first=after is None)


def matches(gigs: QuerySet, text: str) -> QuerySet:
    """The gigs of ``gigs`` whose title or description match the keywords ``text``."""
    if connection.vendor == "postgresql":
        return gigs.annotate(search=_vector()).filter(search=_query(text))
    words = _words(text)
    if not words:
        return gigs.none()
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(description__icontains=word)
    return gigs.filter(condition)


def score(text: str) -> Expression:
    """How well a gig matches ``text``, higher is better."""
    if connection.vendor == "postgresql":
        return SearchRank(_vector(), _query(text))
    words = _words(text) or [""]
    return sum(
        (
            Case(
                When(
                    Q(*[Q(**{f"{field}__icontains": word}) for word in words], _connector=Q.OR),
                    then=Value(weight),
                ),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for field, weight in _WEIGHTS
        ),
        Value(0.0, output_field=FloatField()),
    )


def _vector() -> Expression:
    # Computed per row: the list is short (open gigs only), so no stored column or index yet.
    return SearchVector("title", weight="A", config="english") + SearchVector(
        "description", weight="D", config="english"
    )


def _query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def _words(text: str) -> list[str]:
    return [word.strip(".-") for word in _WORD.findall(text) if word.strip(".-")][:10]
