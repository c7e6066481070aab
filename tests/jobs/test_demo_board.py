"""The demo job board looks like a real one: varied titles, companies, levels and places."""

from collections import Counter

import pytest
from django.urls import reverse

from accounts.demo import seed_users
from careers.demo import seed_skills
from core.taxonomy import Level
from jobs.demo import DEMO_POSTINGS, DEMO_SOURCE, seed_companies, seed_postings
from jobs.domain import PostingStatus
from jobs.models import Company, JobPosting
from salaries.dimensions import CellKey
from salaries.selectors import cell_for
from salaries.services import benchmarks_refresh

pytestmark = pytest.mark.django_db

# The most times one title may show among the demo's live postings or on one results page.
MOST_REPEATS = 2
# Published average PM pay (DOMAIN.md) of the countries with the most demo postings.
DEMO_AVERAGES = {"US": ("USD", 89_536), "GB": ("GBP", 52_913), "IN": ("INR", 1_640_000)}


@pytest.fixture
def demo_board():
    seed_users()
    seed_skills()
    seed_postings(seed_companies())
    return JobPosting.objects.filter(source=DEMO_SOURCE, status=PostingStatus.PUBLISHED)


def test_no_title_repeats_more_than_twice_among_live_demo_postings(demo_board):
    """Live demo postings are named as variously as a real board's openings."""
    titles = Counter(demo_board.values_list("title", flat=True))
    assert max(titles.values()) <= MOST_REPEATS
    assert len(titles) >= demo_board.count() * 0.9


def test_a_keyword_search_of_the_demo_shows_each_title_at_most_twice(
    client, demo_board, uncached_board
):
    """The first page of 'product manager' results is not one title over and over."""
    response = client.get(reverse("jobs:list"), {"q": "product manager"})
    titles = Counter(posting.title for posting in response.context["page"].items)
    assert sum(titles.values()) >= 10
    assert max(titles.values()) <= MOST_REPEATS


def test_demo_postings_spread_over_companies_levels_and_places(demo_board):
    """Many companies post, none dominates, every level is hiring, in many cities and countries."""
    live = demo_board.count()
    companies = Counter(demo_board.values_list("company_id", flat=True))
    assert len(companies) >= 25
    assert max(companies.values()) <= live * 0.1
    assert set(demo_board.values_list("level", flat=True)) == set(Level.values)
    assert len(set(demo_board.values_list("country", flat=True))) >= 10
    assert len(set(demo_board.values_list("city", flat=True))) >= 25


def test_demo_company_names_are_all_different(demo_board):
    """No two demo companies share a name."""
    names = list(Company.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


def test_seeding_the_demo_board_again_changes_nothing(demo_board):
    """A second run finds the companies and postings there and adds none."""
    before = (Company.objects.count(), list(demo_board.order_by("pk").values_list("title")))
    assert seed_postings(seed_companies()) == DEMO_POSTINGS
    after = (Company.objects.count(), list(demo_board.order_by("pk").values_list("title")))
    assert after == before


def demo_median(currency: str, country: str, level: str | None = None) -> int:
    """The published median of one demo cell; the cell must exist and be published."""
    cell = cell_for(CellKey(currency=currency, country=country, level=level))
    assert cell is not None and cell.published and cell.p50 is not None, (country, level)
    return cell.p50


def test_demo_salary_medians_sit_beside_the_published_averages(demo_board):
    """Each country's all-levels demo median is within 0.9x to 1.35x of its published average."""
    benchmarks_refresh()
    for country, (currency, average) in DEMO_AVERAGES.items():
        assert 0.9 <= demo_median(currency, country) / average <= 1.35, country


def test_demo_salaries_rise_from_entry_through_senior(demo_board):
    """In the US demo, entry pays below the published average, mid about it, senior above."""
    benchmarks_refresh()
    currency, average = DEMO_AVERAGES["US"]
    entry, mid, senior = (
        demo_median(currency, "US", level) for level in (Level.ENTRY, Level.MID, Level.SENIOR)
    )
    assert entry < average < senior
    assert entry < mid < senior
    assert 0.8 <= mid / average <= 1.4


def test_demo_india_mid_level_sits_inside_the_published_band(demo_board):
    """India's mid-level demo median lies inside AmbitionBox's 6-35 lakh band, below senior."""
    benchmarks_refresh()
    mid, senior = (demo_median("INR", "IN", level) for level in (Level.MID, Level.SENIOR))
    assert 600_000 <= mid <= 3_500_000
    assert mid < senior
