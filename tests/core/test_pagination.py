"""Keyset pages walk back as well as on, numbered pages link back, counts stop at a bound."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.pagination import (
    MatchCount,
    capped_count,
    decode_cursor,
    encode_cursor,
    keyset_page,
    offset_page,
)
from jobs.models import JobPosting
from tests.jobs.factories import PostingFactory

KEYS = ["-posted_at", "-id"]
SIZE = 2


@pytest.fixture
def postings(db):
    """Five postings, newest first: two full pages and a last page of one."""
    now = timezone.now()
    for hours in range(5):
        PostingFactory.create(posted_at=now - timedelta(hours=hours))
    return list(JobPosting.objects.order_by(*KEYS))


def _page(cursor):
    return keyset_page(JobPosting.objects.all(), keys=KEYS, cursor=cursor, size=SIZE)


def test_the_first_page_has_no_previous_page(postings):
    page = _page(None)
    assert page.is_first
    assert page.previous_cursor is None
    assert page.items == postings[:2]


def test_the_second_page_links_back_to_the_first(postings):
    """The previous cursor of page 2 reads page 1's rows, in the list's order, as the first page."""
    second = _page(_page(None).next_cursor)
    assert second.items == postings[2:4]
    back = _page(second.previous_cursor)
    assert back.items == postings[:2]
    assert back.is_first
    assert back.previous_cursor is None
    assert back.next_cursor is not None
    assert _page(back.next_cursor).items == postings[2:4]


def test_the_last_page_links_back_to_the_page_before_it(postings):
    """From the last page, going back reads the page before it, which itself links further back."""
    last = _page(_page(_page(None).next_cursor).next_cursor)
    assert last.items == postings[4:]
    assert last.next_cursor is None
    back = _page(last.previous_cursor)
    assert back.items == postings[2:4]
    assert not back.is_first
    assert _page(back.previous_cursor).items == postings[:2]
    assert _page(back.next_cursor).items == postings[4:]


def test_a_previous_cursor_past_the_first_row_gives_an_empty_first_page(postings):
    """Nothing comes before the newest row: the page is empty, first, and links nowhere."""
    newest = postings[0]
    page = _page(encode_cursor([newest.posted_at, newest.pk], before=True))
    assert (page.items, page.is_first, page.next_cursor, page.previous_cursor) == (
        [],
        True,
        None,
        None,
    )


@pytest.mark.parametrize(
    "cursor",
    [
        "!!not-base64",
        encode_cursor(["not a date", 1], before=True),
        encode_cursor([{"t": "2026-01-01T00:00:00+00:00"}], before=True),
        "eyJiZWZvcmUiOiAxfQ",  # {"before": 1}
        "eyJhZnRlciI6IFtdfQ",  # {"after": []}
    ],
)
def test_a_bad_previous_cursor_starts_from_the_first_page(postings, cursor):
    page = _page(cursor)
    assert page.is_first
    assert page.items == postings[:2]


def test_a_cursor_says_which_way_it_points():
    assert decode_cursor(encode_cursor([1, 2]), 2) == ([1, 2], False)
    assert decode_cursor(encode_cursor([1, 2], before=True), 2) == ([1, 2], True)


def test_numbered_pages_link_to_the_page_before(postings):
    queryset = JobPosting.objects.order_by(*KEYS)
    first, second, last = (offset_page(queryset, page=n, size=SIZE) for n in (1, 2, 3))
    assert (first.previous_page, second.previous_page, last.previous_page) == (None, 1, 2)
    assert (first.next_page, second.next_page, last.next_page) == (2, 3, None)


@pytest.mark.parametrize(
    ("bound", "found", "beyond", "shown"), [(10, 5, False, 5), (5, 5, False, 5), (4, 5, True, 4)]
)
def test_capped_count_counts_up_to_the_bound(postings, bound, found, beyond, shown):
    """Up to the bound the count is exact; beyond it, it stops at one more than the bound."""
    count = capped_count(JobPosting.objects.all(), bound=bound)
    assert count == MatchCount(found=found, bound=bound)
    assert (count.beyond, count.shown) == (beyond, shown)


def test_capped_count_reads_at_most_one_more_than_the_bound(postings, django_assert_num_queries):
    """One statement, whose limit is the bound and one more, in no order: the database may stop
    at the first rows it finds rather than sort them all."""
    with django_assert_num_queries(1) as captured:
        capped_count(JobPosting.objects.order_by("-posted_at"), bound=3)
    sql = captured.captured_queries[0]["sql"].upper()
    assert "COUNT(" in sql
    assert "LIMIT 4" in sql
    assert "ORDER BY" not in sql
