"""/gigs/ search: filters, keyset pages without repeats, best match, constant queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gigs.domain import BudgetType, GigCategory, GigStatus
from gigs.filters import GigFilter
from gigs.search import GigQuery, gig_page
from tests.gigs.factories import GigFactory
from tests.jobs.factories import SkillFactory


def _query(**params):
    filterset = GigFilter(params)
    assert filterset.is_valid(), filterset.errors
    return filterset.query


def _slugs(page):
    return [gig.slug for gig in page.items]


@pytest.mark.django_db
def test_only_open_visible_gigs_are_listed():
    """Drafts, closed, cancelled and hidden gigs stay off the list."""
    GigFactory.create(slug="open")
    for status in (GigStatus.DRAFT, GigStatus.CLOSED, GigStatus.CANCELLED):
        GigFactory.create(status=status, slug=status)
    GigFactory.create(slug="hidden", is_hidden=True)
    assert _slugs(gig_page(GigQuery())) == ["open"]


@pytest.mark.django_db
def test_keyword_category_and_budget_type_filters():
    GigFactory.create(slug="prd", title="Write a PRD for payments")
    GigFactory.create(
        slug="research",
        title="Discovery interviews",
        category=GigCategory.DISCOVERY,
        budget_type=BudgetType.HOURLY,
        budget_min=5_000,
        budget_max=9_000,
    )
    assert _slugs(gig_page(_query(q="payments"))) == ["prd"]
    assert _slugs(gig_page(_query(category=["discovery"]))) == ["research"]
    assert _slugs(gig_page(_query(budget_type=["hourly"]))) == ["research"]


@pytest.mark.django_db
def test_skills_filter_matches_any_skill_once():
    sql = SkillFactory.create(name="SQL")
    research = SkillFactory.create(name="User research")
    GigFactory.create(slug="both", skills=[sql, research])
    GigFactory.create(slug="none")
    query = _query(skills=["sql", "user-research"])
    assert _slugs(gig_page(query)) == ["both"]


@pytest.mark.django_db
def test_budget_at_least_in_a_currency():
    """The top of the budget in the asked currency must reach the amount."""
    GigFactory.create(slug="gbp-3000", budget_max=300_000)
    GigFactory.create(slug="gbp-1000", budget_min=50_000, budget_max=100_000)
    GigFactory.create(slug="usd-5000", currency="USD", budget_max=500_000)
    assert _slugs(gig_page(_query(budget_at_least="2000", currency="gbp"))) == ["gbp-3000"]


@pytest.mark.django_db
def test_posted_within_filter():
    GigFactory.create(slug="new")
    GigFactory.create(slug="old", posted_at=timezone.now() - timedelta(days=20))
    assert _slugs(gig_page(_query(posted_within="7"))) == ["new"]


@pytest.mark.parametrize(
    "params",
    [
        {"budget_at_least": "100"},
        {"currency": "XYZ"},
        {"budget_at_least": "1" * 14, "currency": "GBP"},
    ],
)
@pytest.mark.django_db
def test_bad_budget_filters_are_form_errors(params):
    assert not GigFilter(params).is_valid()


@pytest.mark.django_db
def test_keyset_pages_walk_every_gig_once():
    """Walking next cursors lists each listed gig exactly once, newest first."""
    now = timezone.now()
    for n in range(7):
        # Two gigs share each moment, so the id must break ties.
        GigFactory.create(slug=f"g{n}", posted_at=now - timedelta(hours=n // 2))
    seen, cursor = [], None
    while True:
        page = gig_page(GigQuery(), cursor=cursor, size=3)
        seen += _slugs(page)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(f"g{n}" for n in range(7))
    assert len(seen) == len(set(seen))


@pytest.mark.django_db
def test_best_match_puts_title_matches_first():
    GigFactory.create(slug="in-text", title="Help us", description="We need roadmap help.")
    GigFactory.create(slug="in-title", title="Roadmap workshop", description="Two days.")
    page = gig_page(_query(q="roadmap", sort="relevance"))
    assert _slugs(page) == ["in-title", "in-text"]


@pytest.mark.django_db
def test_page_queries_do_not_grow(django_assert_max_num_queries):
    """A page costs the same few queries with 5 gigs or 25, filtered or not."""
    skills = [SkillFactory.create(name=f"S{n}") for n in range(3)]
    for _ in range(25):
        GigFactory.create(skills=skills)
    for query in (GigQuery(), _query(q="PRD"), _query(skills=["s1"], budget_type=["fixed"])):
        with django_assert_max_num_queries(2):
            page = gig_page(query)
            for gig in page.items:
                list(gig.skills.all())


@pytest.mark.django_db
def test_list_page_queries_do_not_grow(client, django_assert_max_num_queries):
    """The whole /gigs/ page, form and results, in a fixed number of queries."""
    skills = [SkillFactory.create(name=f"S{n}") for n in range(3)]
    for _ in range(25):
        GigFactory.create(skills=skills)
    with django_assert_max_num_queries(6):
        response = client.get("/gigs/", {"q": "PRD"})
    assert response.status_code == 200
