"""Numbers in the board's query strings: out of range is a field error, never a 500."""

import pytest
from rest_framework.test import APIClient

from tests.careers.factories import CertificationFactory
from tests.jobs.factories import PostingFactory

HUGE = "99999999999999999999999"


@pytest.fixture
def api(db, uncached_board):
    PostingFactory.create_batch(2, title="Product Manager")
    return APIClient()


@pytest.mark.parametrize("page", [HUGE, "0", "-1", "1001", "1.5", "two", "1e3"])
def test_a_page_number_out_of_range_is_a_400_naming_page(api, page):
    """Page numbers run from 1 to core.pagination.MAX_PAGE; anything else names the field."""
    response = api.get("/api/v1/jobs/", {"q": "product", "page": page})
    assert response.status_code == 400
    assert "page" in response.json()


@pytest.mark.parametrize("page", ["1", "2", "1000"])
def test_a_page_number_in_range_answers_the_page(api, page):
    """Any page from 1 to MAX_PAGE answers, empty beyond the last match."""
    response = api.get("/api/v1/jobs/", {"q": "product", "page": page})
    assert response.status_code == 200
    assert len(response.json()["results"]) == (2 if page == "1" else 0)


@pytest.mark.parametrize("page", [HUGE, "0", "two"])
def test_the_board_page_starts_from_the_first_page_for_a_bad_page_number(api, client, page):
    """The /jobs/ page, whose links carry the page, shows the first page for a bad number."""
    response = client.get("/jobs/", {"q": "product", "page": page})
    assert response.status_code == 200
    assert "Product Manager" in response.content.decode()


@pytest.mark.parametrize("amount", [HUGE, "1e309", "1E+30", "123456789012345"])
@pytest.mark.parametrize("url", ["/api/v1/jobs/", "/jobs/", "/jobs/feed/rss/"])
def test_a_salary_filter_beyond_any_salary_is_a_field_error(api, client, url, amount):
    """The salary filter takes at most 14 digits: more is a 400 naming the field."""
    response = client.get(url, {"salary_at_least": amount, "currency": "GBP"})
    assert response.status_code in (400, 404)
    if url.startswith("/api/"):
        assert "salary_at_least" in response.json()
    elif url == "/jobs/":
        assert "no more than 14 digits" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/careers/certifications/", "/careers/certifications/"])
def test_a_budget_beyond_any_cost_is_a_field_error(db, client, url):
    """The certification budget takes at most 14 digits: more is a 400 naming the field."""
    CertificationFactory.create()
    response = client.get(url, {"max_cost": HUGE, "currency": "GBP"})
    assert response.status_code == 400
    assert "no more than 14 digits" in response.content.decode()
