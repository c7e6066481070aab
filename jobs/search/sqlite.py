"""Keyword search on SQLite, the embedded profile: every word in one of the searched fields.

Each word must appear, ignoring case, in the title, the company's name, the skills or the
description; relevance adds the weights of the fields the words hit, the same weights
PostgreSQL's search vector gives them.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.db.models import Case, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import Expression

_WORD = re.compile(r"[\w+#.-]+", re.UNICODE)
_WEIGHTS = (("title", 1.0), ("company__name", 0.4), ("skills_text", 0.2), ("description", 0.1))
_FIELDS = [field for field, _ in _WEIGHTS]


def matches(queryset: QuerySet, text: str) -> QuerySet:
    """The postings of ``queryset`` that hold every word of ``text``; none without words."""
    words = _words(text)
    if not words:
        return queryset.none()
    condition = Q()
    for word in words:
        condition &= _contains(_FIELDS, [word])
    return queryset.filter(condition)


def score(text: str) -> Expression:
    """The weights of the fields that hold any word of ``text``, added up."""
    words = _words(text)
    return sum(
        (
            Case(
                When(_contains([field], words), then=Value(weight)),
                default=Value(0.0),
                output_field=FloatField(),
            )
            for field, weight in _WEIGHTS
        ),
        Value(0.0, output_field=FloatField()),
    )


def first_matches(
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
