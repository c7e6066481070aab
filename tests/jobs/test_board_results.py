"""The job board's results: how many roles match, and links to the pages before and after."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.pagination import MatchCount, Page
from jobs.search import PAGE_SIZE, BoardQuery, board_count, board_page
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db
SIZE = 2


@pytest.fixture
def postings():
    """Five live payments roles, newest first, with rising salaries, then an older growth role."""
    now = timezone.now()
    made = [
        PostingFactory.create(
            title=f"Payments product manager {n}",
            posted_at=now - timedelta(hours=n + 1),
            salary_min=5_000_000 + n * 100_000,
            salary_max=6_000_000 + n * 100_000,
        )
        for n in range(5)
    ]
    growth = PostingFactory.create(
        title="Growth product manager", posted_at=now - timedelta(days=3)
    )
    return [*made, growth]


def _walk_back(query, *, order):
    """Page forward to the last page, then back by previous links; the pages seen each way.

    A keyset order reads the cursor and a numbered one the page, so each step passes both.
    """
    page = board_page(query, size=SIZE)
    forward = [[p.pk for p in page.items]]
    while page.has_next:
        page = board_page(query, size=SIZE, cursor=page.next_cursor, page=page.next_page or 1)
        forward.append([p.pk for p in page.items])
    backward = [forward[-1]]
    while not page.is_first:
        page = board_page(
            query, size=SIZE, cursor=page.previous_cursor, page=page.previous_page or 1
        )
        backward.append([p.pk for p in page.items])
    assert [pk for items in forward for pk in items] == order
    return forward, backward


@pytest.mark.parametrize(
    "query",
    [
        BoardQuery(text="payments", sort="newest"),
        BoardQuery(text="payments", sort="relevance"),
        BoardQuery(text="payments", sort="salary"),
        BoardQuery(sort="newest", country="GB"),
    ],
    ids=["keywords-newest", "best-match", "salary", "no-keywords"],
)
def test_previous_links_walk_back_through_the_pages_seen(postings, query):
    """Each order's previous links give back the pages its next links gave, to the first."""
    order = [p.pk for p in (postings if not query.text else postings[:5])]
    if query.sort == "salary":
        order.reverse()
    forward, backward = _walk_back(query, order=order)
    assert backward == list(reversed(forward))


def test_the_first_page_of_each_order_has_no_previous_link(postings):
    for sort in ("newest", "relevance", "salary"):
        page = board_page(BoardQuery(text="payments", sort=sort), size=SIZE)
        assert (page.previous_cursor, page.previous_page) == (None, None)


def test_a_bad_previous_cursor_shows_the_first_page(postings):
    page = board_page(BoardQuery(sort="newest"), size=SIZE, cursor="eyJiZWZvcmUiOiBbMV19")
    assert page.is_first
    assert [p.pk for p in page.items] == [p.pk for p in postings[:SIZE]]


def test_board_count_counts_the_matches_of_the_query(postings):
    """Keywords and filters narrow the count as they narrow the pages."""
    assert board_count(BoardQuery()) == MatchCount(found=6, bound=1000)
    assert board_count(BoardQuery(text="payments")).found == 5
    assert board_count(BoardQuery(text="payments", country="DE")).found == 0


def test_board_count_stops_past_its_bound(postings):
    """Beyond the bound the count reads one more match and says there are more."""
    count = board_count(BoardQuery(text="payments"), bound=3)
    assert (count.found, count.beyond, count.shown) == (4, True, 3)


def test_board_count_leaves_out_what_the_board_never_lists(postings):
    """Drafts, duplicates, and for the salary order postings without a salary, are not counted."""
    PostingFactory.create(title="Payments draft", status="draft")
    PostingFactory.create(title="Payments copy", duplicate_of=postings[0])
    PostingFactory.create(title="Payments, pay unknown", salary_min=None, salary_max=None)
    query = BoardQuery(text="payments", sort="newest")
    assert board_count(query).found == 6
    assert board_count(replace(query, sort="salary")).found == 5


def test_board_count_is_one_query(postings, django_assert_num_queries):
    with django_assert_num_queries(1):
        board_count(BoardQuery(text="payments", country="GB"))


@pytest.mark.parametrize(
    ("found", "shown"), [(1, "1 role"), (437, "437 roles"), (1001, "1,000+ roles")]
)
def test_results_say_how_many_roles_match(postings, found, shown):
    page = Page(items=postings[:1])
    html = render_to_string(
        "jobs/partials/results.html", {"page": page, "count": MatchCount(found=found, bound=1000)}
    )
    assert f">{shown}</h2>" in html


@pytest.fixture
def board(uncached_board):
    """One more payments role than a board page holds."""
    now = timezone.now()
    for n in range(PAGE_SIZE + 1):
        PostingFactory.create(title=f"Payments PM {n}", posted_at=now - timedelta(hours=n))


def test_the_board_shows_the_count_and_a_previous_link(client, board):
    """The second page of /jobs/ says how many match and links back with rel="prev"."""
    first = client.get(reverse("jobs:list"), {"q": "payments", "sort": "newest"})
    assert ">21 roles</h2>" in first.content.decode()
    assert 'rel="prev"' not in first.content.decode()
    cursor = first.context["page"].next_cursor
    second = client.get(reverse("jobs:list"), {"q": "payments", "sort": "newest", "cursor": cursor})
    html = second.content.decode()
    assert ">21 roles</h2>" in html
    assert 'rel="prev"' in html
    assert second.context["page"].previous_cursor in html


def test_a_numbered_page_links_back_by_number(client, board):
    response = client.get(reverse("jobs:list"), {"q": "payments", "page": "2"})
    assert 'rel="prev" href="?q=payments&amp;page=1"' in response.content.decode()


def test_invalid_filters_show_no_count(client, uncached_board, postings):
    response = client.get(reverse("jobs:list"), {"level": "wizard"})
    assert response.status_code == 400
    assert response.context["count"] is None
