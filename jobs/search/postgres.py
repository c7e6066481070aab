"""Keyword search on PostgreSQL: the stored, GIN-indexed ``search_vector``.

A database trigger keeps each posting's vector (weights: title A, company B, skills C,
description D); keywords are read as a web search reads them (quoted phrases, ``-word``,
``or``). The live postings' search index also holds the hour each was posted (jobs
migration 0007), which ``first_matches`` uses to look among the newest postings first.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q, QuerySet, Value
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Greatest, TruncHour

# A search first looks for a page's matches among this many of the first live postings
# in the page's order; only when those hold too few does it read every match the search
# index gives. Most searches end in the window: a common word has a page of matches
# there, and a rare word's matches there are found in the search index.
MATCH_WINDOW = 5000


def matches(queryset: QuerySet, text: str) -> QuerySet:
    """The postings of ``queryset`` whose search vector matches ``text``."""
    return queryset.filter(search_vector=_query(text))


def score(text: str) -> Expression:
    """How well a posting matches ``text``, higher is better."""
    return SearchRank(F("search_vector"), _query(text))


def first_matches(
    matches: QuerySet,
    *,
    among: QuerySet,
    keys: list[str],
    limit: int,
    enough: int | None = None,
    window: int | None = None,
    since: datetime | None = None,
) -> RawSQL:
    """A subquery of the primary keys of the first ``limit`` of ``matches`` in ``keys`` order.

    ``among`` holds every row ``matches`` may come from (live postings, after a cursor), and
    ``keys`` start with a descending key. Left to itself, PostgreSQL reads every match the
    search index gives and sorts them, or walks an index in ``keys`` order testing each
    posting: a common word makes the first slow (it guesses too few matches for words that
    go together, such as "vice president"), a filter that contradicts the words makes the
    second read every live posting. So the matches are first looked for among the first
    ``window`` (MATCH_WINDOW) rows of ``among``: those whose first key is at least that of
    the window's last row, a range the search index holds, so a rare word is found there
    without reading a row it does not match, and a common one along the list index. Only
    when those hold fewer than ``enough`` (``limit``) do the matches come from everywhere,
    sorted. The window's rows lead ``keys`` order, so with ``enough`` at ``limit`` the answer
    is the same either way; below it, a window with ``enough`` matches answers with the
    matches it holds. When every match was posted after ``since`` (a date filter), each of
    the two looks asks the search index for one range of posting hours: the window's, or
    since that hour. Two ranges in one look would have the index collect both.
    """
    enough = limit if enough is None else enough
    window = MATCH_WINDOW if window is None else window
    first_key, *rest = keys
    name = first_key.lstrip("-")
    # The window's rows are those at or above the first key of its last row, the edge: a
    # range a list index walks. For the posting date the same range on its hour, implied by
    # the first, is one the search index answers. The edge is read once, into a CTE.
    edge = among.order_by(*keys).values(name)[window - 1 : window]
    edge_sql, edge_params = edge.query.sql_with_params()
    at_edge = RawSQL("(SELECT * FROM edge)", (), output_field=matches.model._meta.get_field(name))
    on_or_above = Q(**{f"{name}__gte": at_edge})
    hours = [TruncHour(at_edge, tzinfo=UTC)] if name == "posted_at" else []
    everywhere = matches
    if since is not None:
        since_hour = TruncHour(Value(since), tzinfo=UTC)
        hours.append(since_hour)
        everywhere = everywhere.alias(hour=posted_hour()).filter(hour__gte=since_hour)
    if hours:
        matches = matches.alias(hour=posted_hour())
        on_or_above &= Q(hour__gte=hours[0] if len(hours) == 1 else Greatest(*hours))
    # The first key's nulls go to the end no list index keeps them at, so the planner
    # sorts the matches instead of walking an index; the keys are never null here.
    everywhere = everywhere.order_by(F(name).desc(nulls_last=True), *rest).values("pk")[:limit]
    nearby = matches.filter(on_or_above).order_by(*keys).values("pk")
    nearby_sql, nearby_params = nearby[:limit].query.sql_with_params()
    everywhere_sql, everywhere_params = everywhere.query.sql_with_params()
    # One statement: the window's matches when there are enough, all matches otherwise.
    # Composed of compiled querysets, so every value in it is a parameter.
    sql = (
        f"WITH edge AS MATERIALIZED ({edge_sql}), "  # noqa: S608
        f"nearby AS MATERIALIZED ({nearby_sql}) "
        "SELECT pk FROM nearby WHERE EXISTS (SELECT 1 FROM nearby OFFSET %s) "
        f"UNION ALL (SELECT pk FROM ({everywhere_sql}) everywhere "
        "WHERE NOT EXISTS (SELECT 1 FROM nearby OFFSET %s))"
    )
    params = (*edge_params, *nearby_params, enough - 1, *everywhere_params, enough - 1)
    return RawSQL(sql, params)  # noqa: S611


def posted_hour() -> TruncHour:
    """The hour a posting was posted (UTC), as the live search index holds it (jobs 0007).

    A filter on it narrows a search by date inside the index; filter on ``posted_at`` too
    where the moment matters.
    """
    return TruncHour("posted_at", tzinfo=UTC)


def _query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")
