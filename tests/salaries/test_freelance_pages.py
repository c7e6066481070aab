"""The freelance rates page: figures, filters, empty states, links and query ceilings."""

import pytest

from salaries.services import benchmarks_refresh
from tests.jobs.factories import SkillFactory

from .rate_data import HOURLY_DISCOVERY, accepted

pytestmark = pytest.mark.django_db


def test_page_shows_the_busiest_currency_with_charts_tables_and_explanation(client, rates):
    """Default: hourly GBP, all categories and skills; figures in whole pounds; n on rows."""
    response = client.get("/salaries/freelance/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["key"].currency == "GBP"
    assert "GBP 100" in html  # the median of the nine GBP rates
    # Each chart comes laid out for a wide column and for a phone.
    assert html.count('class="range-chart range-chart-wide"') == 2
    assert html.count('class="range-chart range-chart-narrow"') == 2
    assert "These figures describe this portal, not the market" in html
    categories = response.context["breakdowns"][0].rows
    assert [(row.label, row.n, row.published) for row in categories] == [
        ("Discovery and user research", 6, True),
        ("Analytics and experimentation", 3, False),
    ]
    assert "Fewer than 5 hires: not published" in html


def test_filters_narrow_the_cell(client, rates):
    """Category and skill filters pick that cell; the skill breakdown lists SQL."""
    response = client.get("/salaries/freelance/?category=discovery&skill=sql&rate_type=hourly")
    assert response.status_code == 200
    cell = response.context["cell"]
    assert (cell.category, cell.skill.slug, cell.n, cell.p50) == ("discovery", "sql", 6, 8_500)
    assert [row.label for row in response.context["breakdowns"][1].rows] == ["SQL"]


def test_thin_cell_says_why_and_links_to_gigs(client, rates):
    """EUR has two accepted proposals: no figures, the reason and a way to the gigs."""
    html = client.get("/salaries/freelance/?currency=EUR").content.decode()
    assert "Only 2 hires match these filters; a figure needs at least 5." in html
    assert '<a href="/gigs/">Browse the open gigs</a>' in html


def test_empty_page_explains_there_are_too_few_accepted_proposals(client):
    """Before any accepted proposal: an empty state that says why, with a link to /gigs/."""
    response = client.get("/salaries/freelance/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "too few have been accepted so far" in html
    assert '<a href="/gigs/">Browse the open gigs</a>' in html


def test_unknown_filter_value_answers_400(client, rates):
    """A skill or rate type the page does not know is a form error, not a 500."""
    response = client.get("/salaries/freelance/?skill=basket-weaving&rate_type=weekly")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"skill", "rate_type"}


def test_page_queries_do_not_grow_with_cells(client, rates, django_assert_max_num_queries):
    """A constant number of queries whatever the number of cells and skills."""
    with django_assert_max_num_queries(8):
        client.get("/salaries/freelance/?skill=sql")
    for number in range(6):
        accepted(9_000, skills=[SkillFactory.create(name=f"Skill {number}")], **HOURLY_DISCOVERY)
    benchmarks_refresh()
    with django_assert_max_num_queries(8):
        client.get("/salaries/freelance/?skill=sql")


def test_pages_link_to_the_rates(client, rates):
    """The salary pages' menu and the gig board lead to the freelance rates."""
    for url in ("/salaries/", "/gigs/"):
        assert 'href="/salaries/freelance/' in client.get(url).content.decode(), url
