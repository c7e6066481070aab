"""Full-text search over postings: the one place where the two databases differ.

PostgreSQL matches the stored, GIN-indexed ``search_vector`` (weights: title A,
company B, skills C, description D) with a web-search style query. SQLite
matches every word against the same fields and ranks by where the words hit,
with the same weights. Both rank only a capped candidate set.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

# Relevance ordering ranks at most this many of the newest matches; older matches
# remain reachable through the newest-first sort.
RANK_CANDIDATES = 1000

_WORD = re.compile(r"[\w+#.-]+", re.UNICODE)
_WEIGHTS = (("title", 1.0), ("company__name", 0.4), ("skills_text", 0.2), ("description", 0.1))
_FIELDS = [field for field, _ in _WEIGHTS]


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Return the postings of ``queryset`` that match ``text``."""
    if connection.vendor == "postgresql":
        return queryset.filter(search_vector=_pg_query(text))
    words = _words(text)
    if not words:
        return queryset.none()
    condition = Q()
    for word in words:
        condition &= _contains(_FIELDS, [word])
    return queryset.filter(condition)


def rank(queryset: QuerySet, text: str) -> QuerySet:
    """Order matches by relevance, newest first among equals, over a capped candidate set."""
    matches = search(queryset, text)
    candidates = matches.order_by("-posted_at", "-id").values("pk")[:RANK_CANDIDATES]
    capped = queryset.filter(pk__in=candidates)
    if connection.vendor == "postgresql":
        score = SearchRank(F("search_vector"), _pg_query(text))
    else:
        words = _words(text)
        score = sum(
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
    return capped.annotate(rank=score).order_by("-rank", "-posted_at", "-id")


def _pg_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def _words(text: str) -> list[str]:
    return [word.strip(".-") for word in _WORD.findall(text) if word.strip(".-")][:10]


def _contains(fields: list[str], words: list[str]) -> Q:
    """Any of ``fields`` contains any of ``words``, ignoring case."""
    condition = Q()
    for field in fields:
        for word in words:
            condition |= Q(**{f"{field}__icontains": word})
    return condition
