"""Post dates as a person would say them: the day boundaries of ``posted_when``."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from core.templatetags.dates import relative_day
from tests.gigs.factories import GigFactory
from tests.jobs.factories import PostingFactory

TODAY = date(2026, 12, 7)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "today"),
        (1, "yesterday"),
        (2, "2 days ago"),
        (6, "6 days ago"),
        (7, "1 week ago"),
        (13, "1 week ago"),
        (14, "2 weeks ago"),
        (27, "3 weeks ago"),
        (28, "on 9 Nov"),
        (34, "on 3 Nov"),
    ],
)
def test_days_ago_read_as_words_then_weeks_then_a_date(days, text):
    """Each boundary falls on a calendar day: 1 day is yesterday, 7 a week, 28 a date."""
    assert relative_day(_at(TODAY - timedelta(days=days)), today=TODAY) == text


def test_calendar_days_count_not_hours():
    """A minute before midnight yesterday is yesterday, a minute after is today."""
    assert relative_day(datetime(2026, 12, 6, 23, 59, tzinfo=UTC), today=TODAY) == "yesterday"
    assert relative_day(datetime(2026, 12, 7, 0, 1, tzinfo=UTC), today=TODAY) == "today"


def test_a_date_in_another_year_names_the_year():
    assert relative_day(_at(date(2025, 12, 20)), today=TODAY) == "on 20 Dec 2025"


def test_a_moment_ahead_of_the_clock_is_today():
    """A post stamped by a clock slightly ahead never reads as 'in the future' or '-1 days'."""
    assert relative_day(_at(TODAY + timedelta(days=1)), today=TODAY) == "today"


def test_filter_counts_from_the_current_date_and_leaves_no_date_empty():
    template = Template("{% load dates %}Posted {{ when|posted_when }}|{{ none|posted_when }}|")
    three_days = timezone.now() - timedelta(days=3)
    assert template.render(Context({"when": three_days, "none": None})) == "Posted 3 days ago||"


@pytest.mark.django_db
def test_job_and_gig_cards_and_pages_say_when_in_words(client):
    """The job board's and gig board's cards and both detail pages use the same wording."""
    posting = PostingFactory.create(posted_at=timezone.now() - timedelta(days=8))
    gig = GigFactory.create(posted_at=timezone.now() - timedelta(days=1))
    assert "Posted <time" in (board := client.get("/jobs/").content.decode())
    assert "1 week ago</time>" in board and "1 week, 1 day" not in board
    assert "yesterday</time>" in client.get("/gigs/").content.decode()
    assert "1 week ago</time>" in client.get(posting.get_absolute_url()).content.decode()
    assert "Yesterday</time>" in client.get(gig.get_absolute_url()).content.decode()
