"""Every keyset-paged list answers any cursor: a page, never a server error."""

from urllib.parse import quote

import pytest
from hypothesis import given
from rest_framework.test import APIClient

from core.pagination import encode_cursor, keyset_page
from jobs.models import JobPosting
from tests.careers.factories import CareerPathFactory, CertificationFactory, ResourceFactory
from tests.jobs.factories import ApplicationFactory, PostingFactory, SkillFactory
from tests.strategies import BOUNDED, cursors

# (list, who reads it): every list paged by core.pagination.keyset_page, directly or through
# core.api.KeysetPagination. {slug} is a posting of the recruiter's company.
LISTS = [
    ("/jobs/", None),
    ("/jobs/?sort=salary", None),
    ("/jobs/?q=product&sort=newest", None),
    ("/jobs/applications/", "candidate"),
    ("/jobs/{slug}/applicants/", "recruiter"),
    ("/careers/certifications/", None),
    ("/careers/resources/", None),
    ("/api/v1/jobs/", None),
    ("/api/v1/jobs/?sort=salary", None),
    ("/api/v1/jobs/?q=product&sort=newest", None),
    ("/api/v1/jobs/?mine=true", "recruiter"),
    ("/api/v1/jobs/{slug}/applications/", "recruiter"),
    ("/api/v1/companies/", None),
    ("/api/v1/careers/paths/", None),
    ("/api/v1/careers/certifications/", None),
    ("/api/v1/careers/skills/", None),
]


@pytest.fixture
def listed(db, company, recruiter, candidate, settings):
    """A few rows in every list, read afresh on each request."""
    settings.JOBS_BOARD_CACHE_SECONDS = 0
    postings = PostingFactory.create_batch(3, company=company, title="Product Manager")
    for posting in postings:
        posting.skills.add(SkillFactory.create())
    ApplicationFactory.create(posting=postings[0], candidate=candidate)
    CareerPathFactory.create_batch(2, is_published=True)
    CertificationFactory.create_batch(2)
    ResourceFactory.create_batch(2)
    return {"slug": postings[0].slug, "recruiter": recruiter, "candidate": candidate}


@pytest.mark.parametrize(("url", "reader"), LISTS)
def test_any_cursor_answers_a_page(listed, url, reader):
    """Whatever the cursor holds, each list answers 200: a bad cursor starts from the top."""
    client = APIClient()
    if reader:
        client.force_login(listed[reader])
    base = url.format(slug=listed["slug"])
    joiner = "&" if "?" in base else "?"

    @BOUNDED
    @given(cursor=cursors)
    def answers(cursor):
        response = client.get(f"{base}{joiner}cursor={quote(cursor, safe='')}")
        assert response.status_code == 200, response.content[:300]

    answers()


@pytest.mark.parametrize(
    "values",
    [
        ["not a date", 1],
        [{"t": "2026-01-01T00:00:00"}, 1],
        [{"t": "0001-01-01T00:00:00+05:00"}, 1],
        [{"t": "2026-01-01T00:00:00+00:00"}, 10**30],
        [{"t": "2026-01-01T00:00:00+00:00"}, "x"],
        [{"t": "2026-01-01T00:00:00+00:00"}, [1]],
        [{"t": 5}, 1],
        [1e309, 1],
    ],
)
def test_a_cursor_of_wrong_values_starts_from_the_first_page(db, values):
    """Values the keys' fields cannot hold (type, range, naive moment) mean no cursor."""
    PostingFactory.create_batch(3)
    page = keyset_page(
        JobPosting.objects.all(), keys=["-posted_at", "-id"], cursor=encode_cursor(values), size=2
    )
    assert page.is_first
    assert [p.pk for p in page.items] == list(
        JobPosting.objects.order_by("-posted_at", "-id").values_list("pk", flat=True)[:2]
    )


def test_a_cursor_the_list_gave_reads_the_next_page(db):
    """A page's own cursor, typed back through the keys' fields, continues after its rows."""
    PostingFactory.create_batch(3)
    ordered = list(JobPosting.objects.order_by("-posted_at", "-id"))
    first = keyset_page(JobPosting.objects.all(), keys=["-posted_at", "-id"], cursor=None, size=2)
    second = keyset_page(
        JobPosting.objects.all(), keys=["-posted_at", "-id"], cursor=first.next_cursor, size=2
    )
    assert not second.is_first
    assert second.items == ordered[2:]


@pytest.mark.parametrize("name", ["Acme\x00", "Acme\n", "\x1b"])
def test_a_cursor_with_control_characters_in_a_name_starts_from_the_top(listed, name):
    """A text key's value must pass its field's validators: NUL never reaches PostgreSQL."""
    cursor = encode_cursor([name, 1])
    response = APIClient().get("/api/v1/companies/", {"cursor": cursor})
    assert response.status_code == 200
    assert response.json()["results"]
