"""One page of the job board for a ``BoardQuery``: the search every list of live postings runs.

The /jobs/ page, the API's list, the RSS and Atom feeds and the saved-search alerts all
call ``board_page``. It picks the page's postings by primary key first (from an index that
holds the keys and the filtered columns, or through the search engine's ``first_matches``),
and only then reads those rows, in the shape the caller asks for: posting cards by default.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from careers.models import Skill
from core.pagination import MatchCount, Page, capped_count, keyset_cut, keyset_seek, offset_page
from jobs.models import JobPosting
from jobs.search.engine import engine
from jobs.search.query import BoardQuery

PAGE_SIZE = 20
NEWEST = ["-posted_at", "-id"]
SORT_KEYS = {"newest": NEWEST, "salary": ["-salary_max_annual", "-id"]}
# Best match ranks at most this many matches, the newest ones; older matches remain
# reachable through the newest-first sort. It ranks the matches among the RANK_WINDOW
# newest live postings when those hold at least RANK_ENOUGH (a page and one more), and the
# newest RANK_CANDIDATES matches anywhere otherwise.
RANK_CANDIDATES = 1000
RANK_WINDOW = 2000
RANK_ENOUGH = 21
# The board says how many roles match exactly up to this many, and "more than" beyond.
COUNT_BOUND = 1000
# Long columns that cards and API rows never show.
CARD_DEFERRED = ("description", "description_html", "search_vector")


def cards(postings: QuerySet) -> QuerySet:
    """``postings`` with what a posting card or API row shows: company, skills by name.

    Two queries however the rows are read: the postings with their companies, and the
    skills of all of them.
    """
    return postings.select_related("company").defer(*CARD_DEFERRED).prefetch_related(card_skills())


def card_skills() -> Prefetch:
    """A posting's skills as cards and pages name them: name and slug, in name order."""
    return Prefetch("skills", queryset=Skill.objects.only("name", "slug").order_by("name"))


def board_page(
    query: BoardQuery,
    *,
    cursor: str | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
    rows: QuerySet | None = None,
) -> Page:
    """One page of the live postings ``query`` finds, in its order, never counting them all.

    Best match (keywords with ``sort="relevance"``) pages a capped ranking by number
    (``page``); the other orders walk a keyset ``cursor``. The page's rows are read from
    ``rows`` (default: ``cards`` of every posting), so a caller can ask for more columns or
    fewer.
    """
    rows = cards(JobPosting.objects.all()) if rows is None else rows
    board: QuerySet = JobPosting.objects.on_board()
    if query.ranks:
        return offset_page(_ranked(query, board, rows, first=page * size + 1), page=page, size=size)
    keys = SORT_KEYS.get(query.sort, NEWEST)
    board = _sorted_board(query, board)
    seek = keyset_seek(JobPosting, keys, cursor)
    among = board if seek is None else board.filter(seek.condition)
    found = query.filter(among)
    order = keys if seek is None else seek.keys
    if query.text and (seek is None or not seek.backwards):
        picked = engine().first_matches(
            found, among=among, keys=keys, limit=size + 1, since=query.posted_after
        )
    else:
        # Going back reads the rows between the cursor and the top of the list, ones the
        # visitor has paged through, in the reverse order.
        picked = found.order_by(*order).values("pk")[: size + 1]
    page_rows = rows.filter(pk__in=picked).order_by(*order)
    return keyset_cut(list(page_rows), keys=keys, size=size, seek=seek)


def board_count(query: BoardQuery, *, bound: int = COUNT_BOUND) -> MatchCount:
    """How many live postings ``query`` finds (the ones its pages list), counted up to ``bound``.

    One statement: a count over the keys of at most ``bound + 1`` matches, never the whole set.
    """
    found = query.filter(_sorted_board(query, JobPosting.objects.on_board()))
    return capped_count(found, bound=bound)


def _sorted_board(query: BoardQuery, board: QuerySet) -> QuerySet:
    """The postings of ``board`` that ``query``'s order can place: a salary to sort by."""
    if query.sort == "salary":
        return board.filter(salary_max_annual__isnull=False)
    return board


def _ranked(query: BoardQuery, board: QuerySet, rows: QuerySet, *, first: int) -> QuerySet:
    """The ``first`` best matches of ``query``, best first, then newest first.

    Only a capped candidate set is ranked (RANK_CANDIDATES); it is ranked in a subquery, so
    what ``rows`` joins (the company) is read for the ``first`` rows alone.
    """
    candidates = engine().first_matches(
        query.filter(board),
        among=board,
        keys=NEWEST,
        limit=RANK_CANDIDATES,
        enough=RANK_ENOUGH,
        window=RANK_WINDOW,
        since=query.posted_after,
    )
    score = engine().score(query.text)
    order = ("-rank", *NEWEST)
    ranked = JobPosting.objects.filter(pk__in=candidates).annotate(rank=score).order_by(*order)
    return rows.filter(pk__in=ranked.values("pk")[:first]).annotate(rank=score).order_by(*order)
