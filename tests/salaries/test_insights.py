"""Market insights computed by the refresh, and the page that shows them."""

from datetime import UTC, datetime, timedelta

import pytest

from core.taxonomy import CompanySize, Industry, Level, RemotePolicy
from jobs.domain import PostingStatus
from salaries.services import benchmarks_refresh
from tests.jobs.factories import SkillFactory

from .factories import salaried

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def posted(days_ago: float, **fields):
    return salaried(6_000_000, posted_at=NOW - timedelta(days=days_ago), **fields)


def computed():
    """The insights a refresh at NOW stores."""
    return benchmarks_refresh(now=NOW).insights


def segment(data, dimension, code):
    return next(s for s in data["dimensions"][dimension] if s["code"] == code)


def test_monthly_counts_per_segment_end_with_the_current_month():
    posted(1, industry=Industry.BFSI)
    posted(2, industry=Industry.BFSI, country="DE", currency="EUR")
    posted(35, industry=Industry.SOFTWARE, remote_policy=RemotePolicy.REMOTE)
    posted(400)  # older than the twelve months
    data = computed()
    assert data["months"][0] == "2025-12-01" and data["months"][-1] == "2026-11-01"
    assert data["monthly_total"][-2:] == [1, 2]
    assert data["total"] == 3
    assert segment(data, "industry", Industry.BFSI)["monthly"][-1] == 2
    assert segment(data, "region", "europe")["total"] == 3
    assert segment(data, "remote_policy", RemotePolicy.REMOTE)["total"] == 1
    assert round(sum(s["share"] for s in data["dimensions"]["level"]), 4) == 1


def test_a_posting_on_a_boundary_counts_in_the_later_month_and_half():
    """Months and half years start at their first microsecond."""
    month_starts = datetime(2026, 11, 1, tzinfo=UTC)
    recent_from = NOW - timedelta(days=182)
    for moment in (month_starts, recent_from):
        salaried(6_000_000, posted_at=moment)
        salaried(6_000_000, posted_at=moment - timedelta(microseconds=1))
    data = computed()
    assert data["monthly_total"][-2:] == [1, 1]
    everyone = segment(data, "level", Level.MID)
    assert (everyone["earlier"], everyone["recent"]) == (1, 3)


def test_demand_counts_live_and_closed_originals_only():
    """Filled and archived postings were demand; drafts, rejected and duplicates were not."""
    original = posted(3)
    for status in (PostingStatus.EXPIRED, PostingStatus.FILLED, PostingStatus.ARCHIVED):
        posted(3, status=status)
    for status in (PostingStatus.DRAFT, PostingStatus.PENDING, PostingStatus.REJECTED):
        posted(3, status=status)
    posted(3, duplicate_of=original)
    assert computed()["total"] == 4


def test_growth_compares_half_years_and_needs_a_base():
    """Ten postings then fifteen: +50%; a segment from two to six is not ranked."""
    for _ in range(10):
        posted(250, level=Level.SENIOR)
    for _ in range(15):
        posted(20, level=Level.SENIOR)
    for days in (250, 250, 20, 20, 20, 20, 20, 20):
        posted(days, level=Level.ENTRY)
    data = computed()
    senior = segment(data, "level", Level.SENIOR)
    assert (senior["earlier"], senior["recent"], senior["growth"]) == (10, 15, 0.5)
    assert segment(data, "level", Level.ENTRY)["growth"] is None
    assert data["fastest"]["level"] == {"code": Level.SENIOR, "growth": 0.5}


def test_company_without_size_is_its_own_segment():
    posted(5, size="")
    posted(5, size=CompanySize.STARTUP)
    codes = {s["code"] for s in computed()["dimensions"]["company_size"]}
    assert codes == {"", CompanySize.STARTUP}


def test_top_skills_rank_by_postings():
    sql, roadmaps = SkillFactory.create(name="SQL"), SkillFactory.create(name="Roadmaps")
    for n in range(3):
        posting = posted(10)
        posting.skills.add(sql)
        if n == 0:
            posting.skills.add(roadmaps)
    skills = computed()["skills"]
    assert [(s["name"], s["postings"], s["share"]) for s in skills] == [
        ("SQL", 3, 1.0),
        ("Roadmaps", 1, 0.3333),
    ]


def test_top_skills_count_the_window_to_the_moment():
    """From the first instant of the oldest month to the refresh's moment, on the refresh's
    own day too: a posting later that day is not counted yet."""
    sql = SkillFactory.create(name="SQL")
    window_opens = datetime(2025, 12, 1, tzinfo=UTC)
    for moment in (
        window_opens,
        window_opens - timedelta(seconds=1),
        NOW - timedelta(days=3),
        NOW - timedelta(hours=1),
        NOW + timedelta(hours=1),
    ):
        salaried(6_000_000, posted_at=moment).skills.add(sql)
    assert [(s["name"], s["postings"]) for s in computed()["skills"]] == [("SQL", 3)]


def test_top_skills_follow_postings_and_their_skills():
    """Skills count while their posting is demand: not while pending, not once removed from
    it, not after it is deleted; closing a posting keeps its demand."""
    sql, roadmaps = SkillFactory.create(name="SQL"), SkillFactory.create(name="Roadmaps")
    pending = posted(4, status=PostingStatus.PENDING)
    pending.skills.add(sql, roadmaps)
    assert computed()["skills"] == []
    pending.status = PostingStatus.PUBLISHED
    pending.save()
    kept = posted(40, status=PostingStatus.PUBLISHED)
    kept.skills.add(sql)
    assert [(s["name"], s["postings"]) for s in computed()["skills"]] == [
        ("SQL", 2),
        ("Roadmaps", 1),
    ]
    pending.skills.remove(sql)
    kept.status = PostingStatus.FILLED
    kept.save()
    assert [(s["name"], s["postings"]) for s in computed()["skills"]] == [
        ("Roadmaps", 1),
        ("SQL", 1),
    ]
    pending.delete()
    assert [(s["name"], s["postings"]) for s in computed()["skills"]] == [("SQL", 1)]


def test_refresh_stores_insights_and_the_page_shows_them(client):
    for days in (3, 40, 80):
        posted(days, industry=Industry.HEALTHCARE)
    benchmarks_refresh()
    response = client.get("/salaries/insights/", {"segment": "industry"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Healthcare" in html
    assert html.count('role="img"') >= 3
    assert "<desc" in html
    response = client.get("/salaries/insights/", {"segment": "region"})
    assert "Europe" in response.content.decode()


def test_insights_page_before_any_refresh(client):
    response = client.get("/salaries/insights/")
    assert response.status_code == 200
    assert "have not been computed yet" in response.content.decode()
