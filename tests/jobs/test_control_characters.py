"""Control characters in what people and feeds send: a field error or a 404, never a 500."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from careers.models import CareerPath
from jobs.ingestion.records import Rejected
from jobs.ingestion.validate import posting_from
from jobs.models import Company, JobPosting, SavedSearch
from tests.jobs.factories import ApplicationFactory, PostingFactory
from tests.jobs.ingestion.test_ingest import ingest_records, job
from tests.jobs.ingestion.test_validate import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_recruiter(recruiter):
    token = Token.objects.create(user=recruiter)
    return APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")


def new_posting(company, **changes):
    return {
        "company": company.slug,
        "title": "Product Manager",
        "description": "Own the roadmap.",
        "country": "GB",
        "city": "London",
        "salary_min": 7_000_000,
        "salary_max": 9_000_000,
        "salary_currency": "GBP",
        "salary_period": "year",
        **changes,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Product\x00Manager"),
        ("title", "Product\r\nManager"),
        ("city", "Lon\tdon"),
        ("description", "Own\x00 the roadmap."),
        ("description", "Own\x1b[31m the roadmap."),
    ],
)
def test_the_api_refuses_control_characters_naming_the_field(as_recruiter, company, field, value):
    """A posting whose text holds control characters is a 400 on that field; nothing stored."""
    response = as_recruiter.post(
        "/api/v1/jobs/", new_posting(company, **{field: value}), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not JobPosting.objects.exists()


def test_the_api_keeps_line_breaks_and_tabs_in_a_description(as_recruiter, company):
    """Descriptions are many lines: CRLF, LF and tabs are stored as sent."""
    text = "Own the roadmap.\r\n\r\n- Ship\tweekly\n- Learn"
    response = as_recruiter.post("/api/v1/jobs/", new_posting(company, description=text))
    assert response.status_code == 201
    assert JobPosting.objects.get().description == text


def test_the_posting_editor_shows_the_error_inline(client, recruiter, company):
    """The editor answers 400 with the message under the title; nothing is stored."""
    client.force_login(recruiter)
    data = {
        "company": company.pk,
        "title": "Product\x1bManager",
        "description": "Own onboarding.",
        "employment_type": "full_time",
        "remote_policy": "hybrid",
        "country": "GB",
        "salary_min": "55000",
        "salary_max": "70000",
        "salary_currency": "GBP",
        "salary_period": "year",
        "apply_method": "onsite",
    }
    response = client.post(reverse("jobs:post"), data)
    assert response.status_code == 400
    assert "without control characters" in response.content.decode()
    assert not JobPosting.objects.exists()


def test_the_company_form_refuses_a_name_with_control_characters(client, recruiter):
    """A company name is one line: a line break is an inline error."""
    client.force_login(recruiter)
    response = client.post(
        reverse("jobs:company_create"), {"name": "Acme\nLtd", "industry": "software"}
    )
    assert response.status_code == 400
    assert not Company.objects.filter(name__startswith="Acme").exists()


@pytest.mark.parametrize("name", ["Senior\x00roles", "Senior\nroles", "\x07"])
def test_a_saved_search_name_with_control_characters_is_not_saved(client, candidate, name):
    """The save form says why; no row is written."""
    client.force_login(candidate)
    response = client.post(
        reverse("jobs:saved_search_create"), {"name": name, "query": "level=senior"}, follow=True
    )
    assert response.status_code == 200
    assert "This search was not saved." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_a_cover_note_with_nul_is_refused(client, candidate):
    """An application's cover note is many lines, but never NUL."""
    posting = PostingFactory.create(apply_method="onsite")
    client.force_login(candidate)
    resume = ApplicationFactory.build().resume
    response = client.post(
        reverse("jobs:apply", args=[posting.slug]),
        {"cover_note": "Hello\x00there", "resume": resume.file},
    )
    assert response.status_code == 400
    assert not posting.applications.exists()


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "Product\x1bManager"}, "title holds control characters"),
        ({"title": "Product\nManager"}, "title holds control characters"),
        ({"city": "Lon\rdon"}, "city holds control characters"),
        ({"company": "North\x7fwind"}, "organization name holds control characters"),
        ({"description": "Ring\x07 the bell"}, "description holds control characters"),
    ],
)
def test_ingestion_rejects_records_with_control_characters(fields, reason):
    """A feed record's text breaks the same rules: rejected, with the field named."""
    with pytest.raises(Rejected) as rejected:
        posting_from(record(**fields))
    assert str(rejected.value).startswith(reason)


def test_ingestion_keeps_line_breaks_and_tabs_in_descriptions():
    """Plain-text descriptions keep their lines."""
    posting = posting_from(record(description="One\r\n\tTwo\nThree"))
    assert "Two" in posting.description


def test_an_ingested_file_counts_the_record_as_rejected():
    """The import reports the record with control characters and stores the others."""
    report = ingest_records([job("a", title="Product\x1bManager"), job("b")])
    assert (report.created, report.rejected) == (1, 1)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/jobs/{}/",
        "/api/v1/jobs/{}/applications/",
        "/api/v1/companies/{}/",
        "/api/v1/careers/paths/{}/",
        "/jobs/{}/",
        "/careers/{}/",
        "/salaries/postings/{}/position/",
    ],
)
@pytest.mark.parametrize("slug", ["%00x", "x%0A", "%FF", "a%20b", "%F0%9F%98%80", "a.b"])
def test_a_slug_no_slug_can_be_answers_404(client, recruiter, path, slug):
    """Lookups by slug answer 404 for characters a slug cannot have, before any query."""
    client.force_login(recruiter)
    assert client.get(path.format(slug)).status_code == 404


def test_a_real_slug_still_answers(client, company):
    """The stricter lookup still finds what exists."""
    CareerPath.objects.create(title="Path", slug="into-product", summary="s", is_published=True)
    assert client.get(f"/api/v1/companies/{company.slug}/").status_code == 200
    assert client.get("/api/v1/careers/paths/into-product/").status_code == 200


@pytest.mark.parametrize("url", ["/jobs/", "/api/v1/jobs/", "/jobs/feed/rss/"])
@pytest.mark.parametrize("field", ["q", "city"])
def test_keywords_or_a_city_with_nul_are_a_field_error(client, url, field, settings):
    """Search terms are one line: NUL is a 400 naming the field (a feed answers 404)."""
    settings.JOBS_BOARD_CACHE_SECONDS = 0
    response = client.get(f"{url}?{field}=product%00manager")
    assert response.status_code in (400, 404)
    if url.startswith("/api/"):
        assert field in response.json()


@pytest.mark.parametrize("path", ["saved/unsubscribe", "saved/unsubscribe-all"])
@pytest.mark.parametrize("token", ["%00abc", "abc%0A", "a%20b", "%FF"])
def test_an_unsubscribe_token_no_token_can_be_answers_404(client, path, token):
    """Tokens are URL-safe base64: other characters answer 404 before any query."""
    assert client.get(f"/jobs/{path}/{token}/").status_code == 404
