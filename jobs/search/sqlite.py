"""Keyword search on SQLite, the embedded profile: every word in one of the searched fields.

Each word must appear, ignoring case, in one of the searched fields; relevance adds the
weights of the fields the words hit. For postings: the title, the company's name, the skills
and the description, with the weights PostgreSQL's search vector gives them. ``WordSearch``
is the rule; the gig board searches its own fields with it (``gigs.search.sqlite``).
"""

from __future__ import annotations

import re
from datetime import datetime

from django.db.models import Case, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import Expression

_WORD = re.compile(r"[\w+#.-]+", re.UNICODE)


class WordSearch:
    """Keyword search over ``weights``: (field, weight) pairs, the fields a word may be in."""

    def __init__(self, weights: tuple[tuple[str, float], ...]) -> None:
        self.weights = weights
        self.fields = [field for field, _ in weights]

    def matches(self, queryset: QuerySet, text: str) -> QuerySet:
        """The rows of ``queryset`` that hold every word of ``text``; none without words."""
        words = _words(text)
        if not words:
            return queryset.none()
        condition = Q()
        for word in words:
            condition &= _contains(self.fields, [word])
        return queryset.filter(condition)

    def score(self, text: str) -> Expression:
        """The weights of the fields that hold any word of ``text``, added up."""
        words = _words(text)
        return sum(
            (
                Case(
                    When(_contains([field], words), then=Value(weight)),
                    default=Value(0.0),
                    output_field=FloatField(),
                )
                for field, weight in self.weights
            ),
            Value(0.0, output_field=FloatField()),
        )

    def first_matches(
        self,
        matches: QuerySet,
        *,
        among: QuerySet,
        keys: list[str],
        limit: int,
        enough: int | None = None,
        window: int | None = None,
        since: datetime | None = None,
    ) -> QuerySet:
        """A subquery of the primary keys of the first ``limit`` of ``matches`` in ``keys`` order.

        SQLite has no search index to look in first, so ``among``, ``enough``, ``window`` and
        ``since`` change nothing here.
        """
        return matches.order_by(*keys).values("pk")[:limit]


_POSTINGS = WordSearch(
    (("title", 1.0), ("company__name", 0.4), ("skills_text", 0.2), ("description", 0.1))
)
matches = _POSTINGS.matches
score = _POSTINGS.score
first_matches = _POSTINGS.first_matches


def _words(text: str) -> list[str]:
    return [word.strip(".-") for word in _WORD.findall(text) if word.strip(".-")][:10]


def _contains(fields: list[str], words: list[str]) -> Q:
    """Any of ``fields`` contains any of ``words``, ignoring case; no words match no row.

    Text without a letter or digit (punctuation, an emoji) has no words, and an empty ``Q()``
    would match every row, or fail as a ``When`` condition.
    """
    condition = Q(pk__in=[])
    for field in fields:
        for word in words:
            condition |= Q(**{f"{field}__icontains": word})
    return condition
