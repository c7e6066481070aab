"""Full-text search over postings: the one place where the two databases differ.

PostgreSQL matches the stored, GIN-indexed ``search_vector`` (weights: title A,
company B, skills C, description D) with a web-search style query, and looks for a
page's matches among the first live postings in the page's order before it asks the
search index for all of them (``first_matches``). SQLite matches every word against
the same fields and ranks by where the words hit, with the same weights. Both rank
only a capped candidate set.
"""

import re
from datetime import UTC, datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Greatest, TruncHour

# Relevance ordering ranks at most this many matches, the newest ones; older matches
# remain reachable through the newest-first sort.
RANK_CANDIDATES = 1000
# On PostgreSQL a search first looks for a page's matches among this many of the first
# live postings in the page's order; only when those hold too few does it read every
# match the search index gives. Most searches end in the window: a common word has a
# page of matches there, and a rare word's matches there are found in the search index.
MATCH_WINDOW = 5000
# Relevance ranks the matches among this many of the newest live postings when there
# are at least a page of them, and the newest RANK_CANDIDATES matches anywhere otherwise.
RANK_WINDOW = 2000
RANK_ENOUGH = 21

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


def rank(
    matches: QuerySet,
    text: str,
    *,
    among: QuerySet,
    first: int,
    since: datetime | None = None,
) -> QuerySet:
    """Order ``matches`` (what ``search`` found for ``text``) by relevance, newest first.

    Only a capped candidate set is ranked: the matches among the newest RANK_WINDOW
    postings of ``among`` (the rows matches come from), or the newest RANK_CANDIDATES
    matches when that window holds fewer than RANK_ENOUGH (see ``first_matches``). The
    ranked rows come from the model's manager by primary key: add what the page shows
    (related rows, deferred columns) to the result. Only the ``first`` rows in that order
    remain: the candidates are ranked in a subquery, so what the page joins to its rows
    (the company) is read for those rows alone. ``since`` is as for ``first_matches``.
    """
    candidates = first_matches(
        matches,
        among=among,
        keys=["-posted_at", "-id"],
        limit=RANK_CANDIDATES,
        enough=RANK_ENOUGH,
        window=RANK_WINDOW,
        since=since,
    )
    capped = matches.model._default_manager.filter(pk__in=candidates)
    score: Expression
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
    order = ("-rank", "-posted_at", "-id")
    ranked = capped.annotate(rank=score).order_by(*order)
    leading = matches.model._default_manager.filter(pk__in=ranked.values("pk")[:first])
    return leading.annotate(rank=score).order_by(*order)


def first_matches(
    matches: QuerySet,
    *,
    among: QuerySet,
    keys: list[str],
    limit: int,
    enough: int | None = None,
    window: int | None = None,
    since: datetime | None = None,
) -> QuerySet | RawSQL:
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
    matches it holds. When every match was posted at or after ``since`` (a date filter),
    each of the two looks asks the search index for one range of posting hours: the window's,
    or since that hour. Two ranges in one look would have the index collect both.
    """
    ordered = matches.order_by(*keys).values("pk")[:limit]
    if connection.vendor != "postgresql":
        return ordered
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


def _pg_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


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
