"""The search form of /jobs/: inline filter errors and "where"."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.taxonomy import RemotePolicy
from tests.jobs.factories import PostingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_board")]

HTMX = {"HX-Request": "true"}


def _found(response) -> list[str]:
    return [posting.title for posting in response.context["page"].items]


def _swapped_by_id(page: str) -> list[str]:
    """The ids of the elements htmx swaps in out of band."""
    return re.findall(r'<\w+ id="([\w-]+)"[^>]* hx-swap-oob="true"', page)


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
    response = client.get(
        reverse("jobs:list"), {"salary_at_least": "50000", "currency": "GBP"}, headers=HTMX
    )
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
