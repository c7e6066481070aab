"""Keyword searches find the same pages whether or not the first live postings hold them."""

from datetime import UTC, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import TruncHour
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import JobPosting
from jobs.search import board as search_board
from jobs.search import postgres
from jobs.search.engine import engine
from tests.jobs.factories import PostingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_board")]

LIST_URL = reverse("api-jobs-list")


@pytest.fixture
def board():
    """Twelve payments roles among twelve others, alternating, newest first, salaries varied."""
    now = timezone.now()
    made = []
    for n in range(24):
        title = "Product Manager, Payments" if n % 2 else "Product Manager, Growth"
        low = 4_000_000 + 100_000 * (n % 5)
        made.append(
            PostingFactory.create(
                title=title,
                posted_at=now - timedelta(hours=n),
                salary_min=low,
                salary_max=low + 2_000_000,
                level="senior" if n % 3 else "mid",
            )
        )
    return made


def walk(params):
    api, seen = APIClient(), []
    response = api.get(LIST_URL, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["slug"] for row in body["results"]]
        if not body["next"]:
            return seen
        response = api.get(body["next"])


@pytest.mark.parametrize(
    "params",
    [
        {"q": "payments", "sort": "newest", "page_size": 3},
        {"q": "payments", "sort": "salary", "page_size": 4},
        {"q": "payments", "level": "senior", "sort": "newest", "page_size": 2},
        {"q": "growth", "level": "mid", "sort": "salary", "page_size": 2},
        {"q": "payments", "level": "director", "sort": "newest"},
    ],
)
@pytest.mark.parametrize("window", [5, 10])
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the window is PostgreSQL's")
def test_pages_are_the_same_whichever_way_matches_are_found(board, params, window, monkeypatch):
    """A window of the first postings that holds the page's matches answers as the index does."""
    from_index = walk(params)
    monkeypatch.setattr(postgres, "MATCH_WINDOW", window)
    assert walk(params) == from_index


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the window is PostgreSQL's")
def test_relevance_ranks_the_window_when_it_holds_a_page_of_matches(board, monkeypatch):
    """Best match ranks the matches among the newest postings, or all matches if too few."""
    monkeypatch.setattr(search_board, "RANK_WINDOW", 8)
    monkeypatch.setattr(search_board, "RANK_ENOUGH", 3)
    in_window = {p.slug for p in board[:8] if "Payments" in p.title}
    assert set(walk({"q": "payments"})) == in_window

    monkeypatch.setattr(search_board, "RANK_ENOUGH", 5)
    assert set(walk({"q": "payments"})) == {p.slug for p in board if "Payments" in p.title}


@pytest.mark.parametrize("window", [3, 50])
def test_a_search_reading_postings_twice_is_found_in_the_window_too(board, window, monkeypatch):
    """A filter with its own subquery of postings finds the same first matches from a window."""
    monkeypatch.setattr(postgres, "MATCH_WINDOW", window)
    matches = (
        engine()
        .matches(JobPosting.objects.on_board(), "payments")
        .filter(pk__in=JobPosting.objects.filter(level="senior").values("pk"))
    )

    found = engine().first_matches(
        matches, among=JobPosting.objects.on_board(), keys=["-posted_at", "-id"], limit=2
    )

    expected = [p.pk for p in board if "Payments" in p.title and p.level == "senior"][:2]
    first = JobPosting.objects.filter(pk__in=found).order_by("-posted_at")
    assert list(first.values_list("pk", flat=True)) == expected


@pytest.mark.parametrize("q", ["", "payments"])
def test_posted_within_keeps_the_moment_not_the_hour(q, monkeypatch):
    """The last 24 hours, with or without keywords, end at that moment, not at its hour's top."""
    now = timezone.now().replace(minute=30)
    monkeypatch.setattr(timezone, "now", lambda: now)
    inside = PostingFactory.create(title="Payments PM", posted_at=now - timedelta(hours=23))
    PostingFactory.create(title="Payments PM", posted_at=now - timedelta(hours=24, minutes=20))

    assert walk({"q": q, "posted_within": "1", "sort": "newest"}) == [inside.slug]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search index is PostgreSQL's")
def test_a_dated_keyword_search_can_read_the_date_from_the_search_index(board):
    """The hour a filter asks for is the very expression the live search index holds.

    Were they to differ by a cast, the index would silently stop answering the date.
    """
    matches = (
        engine()
        .matches(JobPosting.objects.on_board(), "payments")
        .alias(hour=postgres.posted_hour())
    )
    dated = matches.filter(hour__gte=TruncHour(Value(timezone.now()), tzinfo=UTC))

    # On a board this small any index beats the search index: leave the planner only that.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass "
            "AND indexrelid::regclass::text <> %s "
            "AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = indexrelid)",
            [JobPosting._meta.db_table, "jobs_posting_live_search"],
        )
        for (index,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {index}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = dated.explain()
        transaction.set_rollback(True)

    index_conditions = [line for line in plan.splitlines() if "Index Cond" in line]
    assert "jobs_posting_live_search" in plan, plan
    assert any("date_trunc" in line for line in index_conditions), plan


@pytest.mark.parametrize("sort", ["newest", "salary", "relevance"])
@pytest.mark.parametrize("window", [2, 50])
def test_a_dated_keyword_search_finds_the_period_s_matches_beyond_the_window(
    sort, window, monkeypatch
):
    """Matches of the last three days are found wherever they are, and none older.

    With a window of two postings the window holds none of them, so the matches come from
    the search over the whole period. The period starts at half past an hour: matches in
    that hour count from that moment, not from the hour's top.
    """
    monkeypatch.setattr(postgres, "MATCH_WINDOW", window)
    monkeypatch.setattr(search_board, "RANK_WINDOW", window)
    now = timezone.now().replace(minute=30)
    monkeypatch.setattr(timezone, "now", lambda: now)
    for hours in (1, 2):
        PostingFactory.create(
            title="Product Manager, Growth", posted_at=now - timedelta(hours=hours)
        )

    def payments_role(hours_ago: float, salary: int) -> JobPosting:
        return PostingFactory.create(
            title="Product Manager, Payments",
            posted_at=now - timedelta(hours=hours_ago),
            salary_min=3_000_000,
            salary_max=salary * 100_000,
        )

    # The period is the last 72 hours; just outside it, the best-paid role.
    recent = [payments_role(5, 41), payments_role(30, 47), payments_role(50, 43)]
    recent.append(payments_role(71.9, 45))
    for hours_ago, salary in ((72.1, 49), (100, 48), (200, 46)):
        payments_role(hours_ago, salary)
    if sort == "salary":
        recent.sort(key=lambda posting: -(posting.salary_max or 0))

    found = walk({"q": "payments", "posted_within": "3", "sort": sort, "page_size": 2})

    if sort == "relevance":
        assert sorted(found) == sorted(p.slug for p in recent)
    else:
        assert found == [p.slug for p in recent]
