"""Companies in the API, and the OpenAPI schema of the job board endpoints."""

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from tests.jobs.factories import CompanyFactory, PostingFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api-companies-list")


@pytest.fixture
def api():
    return APIClient()


def test_company_list_counts_only_postings_on_the_board(api):
    """`open_postings` counts published postings that are not duplicates."""
    company = CompanyFactory.create(name="Acme", slug="acme")
    live = PostingFactory.create(company=company)
    PostingFactory.create(company=company)
    PostingFactory.create(company=company, status="draft")
    PostingFactory.create(company=company, status="expired")
    PostingFactory.create(company=company, duplicate_of=live)
    CompanyFactory.create(name="Quiet Ltd", slug="quiet")

    response = api.get(LIST_URL)

    assert response.status_code == 200
    counts = {row["slug"]: row["open_postings"] for row in response.json()["results"]}
    assert counts == {"acme": 2, "quiet": 0}


def test_company_row_carries_the_documented_fields(api):
    """A row describes the company: site, industry, size, country, verification."""
    CompanyFactory.create(slug="acme", name="Acme", verified=True, description="Payments.")

    row = api.get(LIST_URL).json()["results"][0]

    assert row == {
        "slug": "acme",
        "name": "Acme",
        "website": "https://acme.example.com",
        "industry": "software",
        "size": "small_mid",
        "country": "GB",
        "verified": True,
        "description": "Payments.",
        "open_postings": 0,
    }


def test_company_pages_cover_every_company_once(api):
    """Following `next` lists every company exactly once."""
    for name in ["Delta", "alpha", "Charlie", "Bravo", "Echo"]:
        CompanyFactory.create(name=name)

    seen, response = [], api.get(LIST_URL, {"page_size": 2})
    while True:
        seen += [row["name"] for row in response.json()["results"]]
        if response.json()["next"] is None:
            break
        response = api.get(response.json()["next"])

    assert sorted(seen, key=str.lower) == ["alpha", "Bravo", "Charlie", "Delta", "Echo"]
    assert len(seen) == 5


def test_company_list_costs_one_query_whatever_its_length(api, django_assert_num_queries):
    """Posting counts come with the companies, not one query per row."""
    for _ in range(10):
        PostingFactory.create()

    with django_assert_num_queries(1):
        response = api.get(LIST_URL)

    assert len(response.json()["results"]) == 10


def test_company_detail_by_slug(api):
    """One company by its slug, with its open postings count."""
    company = CompanyFactory.create(slug="acme")
    PostingFactory.create(company=company)

    response = api.get(reverse("api-companies-detail", kwargs={"slug": "acme"}))

    assert response.status_code == 200
    assert response.json()["open_postings"] == 1


def test_unknown_company_is_404(api):
    """A slug no company has answers 404."""
    response = api.get(reverse("api-companies-detail", kwargs={"slug": "nope"}))

    assert response.status_code == 404


def test_companies_cannot_be_written_through_the_api(api, recruiter):
    """The company list is read-only, even for a recruiter."""
    api.force_authenticate(recruiter)

    response = api.post(LIST_URL, {"name": "New Co"}, format="json")

    assert response.status_code == 405


def test_schema_documents_every_job_board_endpoint(client):
    """The OpenAPI schema lists the job, action, application and company endpoints."""
    response = client.get(reverse("api-schema"))

    assert response.status_code == 200
    paths = yaml.safe_load(response.content)["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/jobs/"])
    assert {"get", "patch"} <= set(paths["/api/v1/jobs/{slug}/"])
    for action in ["submit", "close", "repost"]:
        assert "post" in paths[f"/api/v1/jobs/{{slug}}/{action}/"]
    assert "get" in paths["/api/v1/jobs/{slug}/applications/"]
    assert "get" in paths["/api/v1/companies/"]
    assert "get" in paths["/api/v1/companies/{slug}/"]


def test_schema_lists_the_search_filters_and_page_parameters(client):
    """The job list documents the shared filters, `mine` and the cursor parameters."""
    schema = yaml.safe_load(client.get(reverse("api-schema")).content)

    parameters = {p["name"] for p in schema["paths"]["/api/v1/jobs/"]["get"]["parameters"]}

    expected = {"q", "level", "technical", "remote_policy", "employment_type", "country"}
    expected |= {"city", "industry", "company_size", "salary_at_least", "currency", "skills"}
    expected |= {"posted_within", "sort", "mine", "cursor", "page", "page_size"}
    assert expected <= parameters


def test_schema_generates_without_warnings(tmp_path):
    """Every endpoint is typed well enough that schema generation raises no warning."""
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert target.stat().st_size > 0
