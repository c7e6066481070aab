"""The home page: the job search box, the newest roles, the headline salary, linked cards."""

from datetime import timedelta

import pytest
from django.core.cache import cache as django_cache
from django.urls import reverse
from django.utils import timezone

from jobs.domain import PostingStatus
from salaries.services import benchmarks_refresh
from tests.jobs.factories import PostingFactory
from tests.salaries.factories import salaried

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def market():
    """Published cells for GB in GBP (five postings, median 52,000) and the US in USD (six)."""
    for step in range(5):
        salaried((50_000 + 1_000 * step) * 100)
    for step in range(6):
        salaried((120_000 + 1_000 * step) * 100, country="US", currency="USD")
    benchmarks_refresh()


def page(client, **headers) -> str:
    response = client.get(HOME, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_search_box_sends_keywords_and_place_to_the_job_board(client):
    """The search form GETs /jobs/ with ``q`` and ``where``, each with a label."""
    html = page(client)
    assert f'<form class="home-search" method="get" action="{reverse("jobs:list")}"' in html
    assert 'name="q"' in html and 'name="where"' in html
    assert '<label for="home-q">' in html and '<label for="home-where">' in html


def test_newest_roles_are_the_newest_live_postings(client):
    """Six cards, newest first; older, draft and pending postings are not among them."""
    now = timezone.now()
    old = PostingFactory.create(title="Oldest Product Manager", posted_at=now - timedelta(days=9))
    newest = [
        PostingFactory.create(posted_at=now - timedelta(hours=hours)) for hours in range(6, 0, -1)
    ]
    hidden = [PostingFactory.create(status=status) for status in ("draft", PostingStatus.PENDING)]
    html = page(client)
    positions = [html.index(posting.get_absolute_url()) for posting in reversed(newest)]
    assert positions == sorted(positions)
    for posting in [old, *hidden]:
        assert posting.get_absolute_url() not in html


def test_without_live_postings_the_section_is_left_out(client):
    assert "Newest roles" not in page(client)


def test_headline_is_the_visitors_country_in_its_currency(client, market):
    """A British browser sees GB's all-levels median in GBP, its sample and a link to it."""
    html = page(client, accept_language="en-GB,en;q=0.8")
    assert "Median PM salary in the United Kingdom" in html
    assert "GBP 52,000" in html
    assert "from 5 postings" in html
    assert f'href="{reverse("salaries:benchmarks")}?country=GB&amp;currency=GBP"' in html
    assert "could not tell" not in html


def test_the_profile_location_beats_the_browser(client, candidate, market):
    """A signed-in user in New York sees the US figure whatever their browser says."""
    candidate.location = "New York, NY, United States"
    candidate.save()
    client.force_login(candidate)
    html = page(client, accept_language="en-GB")
    assert "Median PM salary in the United States" in html
    assert "USD 122,500" in html


def test_an_unknown_country_shows_the_busiest_country_and_says_so(client, market):
    """No country to go by: the country with the most postings, named as such."""
    html = page(client)
    assert "Median PM salary in the United States" in html
    assert "We could not tell your country" in html


def test_a_country_without_figures_shows_the_busiest_and_says_so(client, market):
    """A German browser: no figure for Germany yet, so the busiest country, said plainly."""
    html = page(client, accept_language="de-DE")
    assert "Median PM salary in the United States" in html
    assert "no published figure for Germany" in html


def test_no_headline_before_benchmarks_exist(client):
    assert "Median PM salary" not in page(client)


def test_feature_cards_link_to_each_part_of_the_site(client):
    """Careers, salaries, jobs, gigs and offers each have a card that is a link."""
    html = page(client)
    for name in ("careers:index", "salaries:benchmarks", "jobs:list", "gigs:list", "offers:list"):
        assert f'<h2><a href="{reverse(name)}">' in html


def test_anonymous_home_reads_a_few_queries_then_none_from_the_cache(
    client, market, django_assert_max_num_queries, django_assert_num_queries
):
    """Cold: the roles (ids, then cards and skills) and the salary cell; warm: nothing."""
    PostingFactory.create_batch(10)
    with django_assert_max_num_queries(4):
        page(client, accept_language="en-GB")
    with django_assert_num_queries(0):
        page(client, accept_language="en-GB")


def test_signed_in_home_reads_a_bounded_number_of_queries(
    client, candidate, market, django_assert_max_num_queries
):
    """Signed in, the roles are read afresh but the count does not grow with postings."""
    PostingFactory.create_batch(10)
    client.force_login(candidate)
    with django_assert_max_num_queries(7):
        page(client)


def test_home_answers_while_the_cache_is_down(client, market, monkeypatch):
    """With the cache unreachable the headline and the roles are read afresh, not a 500."""
    PostingFactory.create_batch(3)

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "set", "get_many"):
        monkeypatch.setattr(django_cache, method, broken)
    html = page(client, accept_language="en-GB")
    assert "Median PM salary in the United Kingdom" in html
