"""The search form of /jobs/: inline filter errors, default currency, "where", country counts."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from core import cache as core_cache
from core.taxonomy import RemotePolicy
from jobs import facets
from tests.jobs.factories import PostingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_board")]

HTMX = {"HX-Request": "true"}


def _found(response) -> list[str]:
    return [posting.title for posting in response.context["page"].items]


def _swapped_by_id(page: str) -> list[str]:
    """The ids of the elements htmx swaps in out of band."""
    return re.findall(r'<\w+ id="([\w-]+)"[^>]* hx-swap-oob="true"', page)


def _euro_and_pound_postings():
    PostingFactory.create(title="Berlin PM", country="DE", city="Berlin", salary_currency="EUR")
    PostingFactory.create(title="London PM", salary_currency="GBP")
    PostingFactory.create(title="Leeds PM", city="Leeds", salary_currency="GBP")


# --- Invalid filters: the page stays, each message beside its field ---------------------


def test_invalid_filters_on_a_full_page_answer_400_with_the_styled_page(client):
    """A full page load with a bad filter keeps the whole page, form and layout, as a 400."""
    response = client.get(reverse("jobs:list"), {"salary_at_least": "lots"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page
    assert 'role="search"' in page
    assert response.context["page"] is None


def test_invalid_filters_for_htmx_answer_200_so_htmx_swaps_them_in(client):
    """htmx swaps no 4xx answer: an invalid search answers 200 with the errors, no results."""
    PostingFactory.create(title="London PM")
    response = client.get(reverse("jobs:list"), {"salary_at_least": "lots"}, headers=HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "London PM" not in page
    assert "Some filters need fixing" in page


def test_an_htmx_answer_puts_each_error_next_to_its_field_in_the_form(client):
    """The form's parts come with the results, swapped in by id, with the error beside the
    field it belongs to."""
    response = client.get(
        reverse("jobs:list"), {"salary_at_least": "lots", "country": "ZZ"}, headers=HTMX
    )
    page = response.content.decode()
    (more,) = re.findall(
        r'<div id="board-more-filters" hx-swap-oob="true">.*?</div>\s*$', page, re.S
    )
    salary_field = re.search(r'<div class="field field-invalid">\s*<label for="id_salary_at_least"'
                             r'.*?</div>', more, re.S)  # fmt: skip
    assert salary_field is not None
    assert 'id="id_salary_at_least_error"' in salary_field.group()
    assert "Enter a number." in salary_field.group()
    assert 'id="id_country_error"' in more
    assert _swapped_by_id(page) == [
        "board-search-fields",
        "board-filters-count",
        "board-more-filters",
    ]


def test_a_valid_htmx_answer_clears_the_errors_the_form_showed(client):
    """Each htmx answer brings the form's parts afresh, so an error fixed is an error gone."""
    PostingFactory.create(title="London PM")
    response = client.get(reverse("jobs:list"), {"salary_at_least": "50000"}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "board-more-filters" in _swapped_by_id(page)
    assert "field-invalid" not in page
    assert "London PM" in page


def test_a_full_page_has_no_out_of_band_parts(client):
    page = client.get(reverse("jobs:list")).content.decode()
    assert "hx-swap-oob" not in page
    assert 'id="board-more-filters"' in page


def test_the_gig_board_answers_htmx_errors_with_200_and_inline_messages(client):
    """The gig board shares the form's parts and the status rule."""
    url = reverse("gigs:list")
    assert client.get(url, {"budget_at_least": "10"}).status_code == 400
    response = client.get(url, {"budget_at_least": "10"}, headers=HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_currency_error"' in page
    assert "Pick the currency of the budget." in page


# --- A salary without a currency: the visitor's, or the one most postings pay in ---------


def test_salary_without_currency_takes_the_browser_country_currency(client):
    """A German browser searching a salary with no currency searches in euros."""
    _euro_and_pound_postings()
    response = client.get(
        reverse("jobs:list"), {"salary_at_least": "50000"}, headers={"Accept-Language": "de-DE"}
    )
    assert response.status_code == 200
    assert _found(response) == ["Berlin PM"]
    assert response.context["filter"].form["currency"].value() == "EUR"
    assert 'name="currency" value="EUR"' in response.content.decode()


def test_following_a_salary_search_saves_the_currency_it_ran_in(client, candidate):
    """The follow bar, refreshed after a salary typed with no currency, saves and feeds the
    search in the currency the board used rather than refusing it."""
    _euro_and_pound_postings()
    client.force_login(candidate)
    response = client.get(
        reverse("jobs:follow_search"),
        {"salary_at_least": "50000"},
        headers={"Accept-Language": "de-DE"},
    )
    html = response.content.decode()
    assert 'name="query" value="salary_at_least=50000&amp;currency=EUR"' in html
    assert "currency=EUR" in html


def test_salary_without_currency_takes_the_profile_country_currency(client, candidate):
    """A signed-in visitor's profile location decides before their browser."""
    _euro_and_pound_postings()
    candidate.location = "Berlin, Germany"
    candidate.save()
    client.force_login(candidate)
    response = client.get(
        reverse("jobs:list"), {"salary_at_least": "50000"}, headers={"Accept-Language": "en-GB"}
    )
    assert _found(response) == ["Berlin PM"]


def test_salary_without_currency_and_no_country_takes_the_commonest_currency(client):
    """With no country to go by, the currency most live postings pay in is searched."""
    _euro_and_pound_postings()
    response = client.get(reverse("jobs:list"), {"salary_at_least": "50000"})
    assert response.status_code == 200
    assert _found(response) == ["Leeds PM", "London PM"]
    assert response.context["filter"].form["currency"].value() == "GBP"


def test_a_country_currency_no_posting_pays_in_falls_back_to_the_commonest(client):
    """A Japanese browser finds no yen salaries: the commonest currency is searched."""
    _euro_and_pound_postings()
    response = client.get(
        reverse("jobs:list"), {"salary_at_least": "50000"}, headers={"Accept-Language": "ja-JP"}
    )
    assert response.context["filter"].form["currency"].value() == "GBP"


def test_a_chosen_currency_is_kept_whatever_the_country(client):
    _euro_and_pound_postings()
    response = client.get(
        reverse("jobs:list"),
        {"salary_at_least": "50000", "currency": "eur"},
        headers={"Accept-Language": "en-GB"},
    )
    assert _found(response) == ["Berlin PM"]


def test_the_default_currency_is_in_the_links_and_feeds_of_the_search(client):
    """The feeds, the pager and a saved search repeat the search with its currency."""
    _euro_and_pound_postings()
    response = client.get(reverse("jobs:list"), {"salary_at_least": "50000"})
    page = response.content.decode()
    assert "?salary_at_least=50000&amp;currency=GBP" in page
    assert response.context["query"] == "salary_at_least=50000&currency=GBP"


def test_a_salary_with_no_posting_stating_one_still_asks_for_a_currency(client):
    """On a board where no live posting states a salary there is no default: the form says
    which currency is missing, beside the field."""
    PostingFactory.create(salary_min=None, salary_max=None, salary_currency="")
    response = client.get(reverse("jobs:list"), {"salary_at_least": "50000"})
    assert response.status_code == 400
    assert response.context["filter"].errors["currency"] == ["Pick the currency of the salary."]


def test_anonymous_visitors_with_different_currencies_get_their_own_cached_pages(client, settings):
    """The board cache keys the page by the currency searched, not the bare query string."""
    settings.JOBS_BOARD_CACHE_SECONDS = 60
    _euro_and_pound_postings()
    url = reverse("jobs:list")
    german = client.get(url, {"salary_at_least": "50000"}, headers={"Accept-Language": "de"})
    british = client.get(url, {"salary_at_least": "50000"}, headers={"Accept-Language": "en-GB"})
    assert "Berlin PM" in german.content.decode()
    assert "Berlin PM" not in british.content.decode()
    assert "London PM" in british.content.decode()


# --- Where ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "found"),
    [
        ("Berlin", ["Berlin PM"]),
        ("berlin", ["Berlin PM"]),
        ("Germany", ["Munich PM", "Berlin PM"]),
        ("DE", ["Munich PM", "Berlin PM"]),
        ("remote", ["Remote PM"]),
    ],
)
def test_where_finds_a_city_a_country_or_remote_work(client, where, found):
    PostingFactory.create(title="Remote PM", remote_policy=RemotePolicy.REMOTE)
    PostingFactory.create(title="Berlin PM", country="DE", city="Berlin", salary_currency="EUR")
    PostingFactory.create(title="Munich PM", country="DE", city="Munich", salary_currency="EUR")
    response = client.get(reverse("jobs:list"), {"where": where})
    assert response.status_code == 200
    assert _found(response) == found


def test_where_is_shown_beside_the_keywords_and_kept_after_a_search(client):
    page = client.get(reverse("jobs:list"), {"q": "payments", "where": "Berlin"}).content.decode()
    search_fields = page.split('id="board-search-fields"')[1].split("<details")[0]
    assert 'name="q" value="payments"' in search_fields
    assert 'name="where" value="Berlin"' in search_fields


def test_where_does_not_count_as_a_folded_filter(client):
    response = client.get(reverse("jobs:list"), {"where": "Berlin"})
    assert response.context["filters_active"] == 0


def test_where_with_control_characters_is_an_inline_error(client):
    response = client.get(reverse("jobs:list"), {"where": "Ber\x00lin"})
    assert response.status_code == 400
    assert "where" in response.context["filter"].errors


def test_the_api_searches_where():
    PostingFactory.create(title="Berlin PM", country="DE", city="Berlin", salary_currency="EUR")
    PostingFactory.create(title="London PM")
    response = APIClient().get("/api/v1/jobs/", {"where": "Germany"})
    assert [row["title"] for row in response.json()["results"]] == ["Berlin PM"]


# --- Country counts -------------------------------------------------------------------


def test_country_counts_are_cached_and_may_be_stale_until_they_expire(client):
    """The counts are read once per COUNTS_SECONDS: a new posting shows once they expire."""
    PostingFactory.create(country="DE", city="Berlin", salary_currency="EUR")
    assert facets.country_menu() == [("DE", "Germany (1)")]
    PostingFactory.create(country="DE", city="Berlin", salary_currency="EUR")
    assert facets.country_menu() == [("DE", "Germany (1)")]
    cache.delete(facets.COUNTS_KEY)
    assert facets.country_menu() == [("DE", "Germany (2)")]


def test_country_counts_are_read_without_a_query_while_cached(django_assert_num_queries):
    PostingFactory.create()
    facets.board_counts()
    with django_assert_num_queries(0):
        facets.board_counts()


def test_country_counts_leave_out_postings_off_the_board(client):
    live = PostingFactory.create(country="DE", salary_currency="EUR")
    PostingFactory.create(country="FR", salary_currency="EUR", status="expired")
    PostingFactory.create(country="DE", salary_currency="EUR", duplicate_of=live)
    PostingFactory.create(country="IT", salary_min=None, salary_max=None, salary_currency="")
    counts = facets.board_counts()
    assert counts.countries == {"DE": 1, "IT": 1}
    assert counts.currencies == {"EUR": 1}


def test_counts_large_numbers_with_separators(client, monkeypatch):
    counts = facets.BoardCounts(countries={"DE": 1204}, currencies={})
    monkeypatch.setattr(facets, "board_counts", lambda: counts)
    assert facets.country_menu() == [("DE", "Germany (1,204)")]


def test_a_cache_that_fails_costs_the_count_not_the_page(client, monkeypatch):
    PostingFactory.create()

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(core_cache.cache, "get", broken)
    assert facets.board_counts().countries == {"GB": 1}


def test_a_country_without_postings_is_accepted_and_shown_selected(client):
    PostingFactory.create()
    response = client.get(reverse("jobs:list"), {"country": "NZ"})
    assert response.status_code == 200
    assert _found(response) == []
    assert '<option value="NZ" selected>New Zealand (0)</option>' in response.content.decode()
