"""One page of the gig board for a ``GigQuery``: the search /gigs/ and the API's list run.

``gig_page`` picks the page's gigs by primary key first, then reads those rows in the shape
the caller asks for: gig cards by default.
"""

from __future__ import annotations

from django.db.models import QuerySet

from core.pagination import MatchCount, Page, capped_count, keyset_cut, keyset_seek, offset_page
from gigs.models import Gig
from gigs.search.engine import engine
from gigs.search.query import GigQuery
from jobs.search.board import card_skills

PAGE_SIZE = 20
NEWEST = ["-posted_at", "-id"]
# Best match ranks at most this many matches, the newest ones; older matches stay reachable
# newest first.
RANK_CANDIDATES = 500
# The board says how many gigs match exactly up to this many, and "more than" beyond.
COUNT_BOUND = 1000
# Long columns that cards and API rows never show.
CARD_DEFERRED = ("description", "hidden_reason", "search_vector")


def cards(gigs: QuerySet) -> QuerySet:
    """``gigs`` with what a gig card or API row shows: company, skills by name.

    Two queries however many rows are read: the gigs with their companies, and the skills.
    """
    return gigs.select_related("company").defer(*CARD_DEFERRED).prefetch_related(card_skills())


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
        score = engine().score(query.text)
        order = ("-rank", *NEWEST)
        ranked = rows.filter(pk__in=candidates).annotate(rank=score).order_by(*order)
        return offset_page(ranked, page=page, size=size)
    seek = keyset_seek(Gig, NEWEST, cursor)
    found = query.filter(listed if seek is None else listed.filter(seek.condition))
    read_in = NEWEST if seek is None else seek.keys
    picked = found.order_by(*read_in).values("pk")[: size + 1]
    page_rows = rows.filter(pk__in=picked).order_by(*read_in)
    return keyset_cut(list(page_rows), keys=NEWEST, size=size, seek=seek)


def gig_count(query: GigQuery, *, bound: int = COUNT_BOUND) -> MatchCount:
    """How many listed gigs ``query`` finds, counted up to ``bound``."""
    return capped_count(query.filter(Gig.objects.listed()), bound=bound)
