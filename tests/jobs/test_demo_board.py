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

pytestmark = pytest.mark.django_db

# The most times one title may show among the demo's live postings or on one results page.
MOST_REPEATS = 2


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
