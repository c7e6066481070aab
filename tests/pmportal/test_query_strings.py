"""Any query string on a list page answers without a server error, on either database.

Keys come from each page's own form (plus paging and arbitrary ones); values are any text,
numbers far out of range, cursors and percent escapes of bytes that are not UTF-8.
"""

import pytest
from hypothesis import example, given
from rest_framework.test import APIClient

from careers.filters import CertificationFilter, ResourceFilter
from careers.forms import SkillGapForm
from careers.models import Certification, Resource
from core.taxonomy import Level
from jobs.filters import PostingFilter
from jobs.models import ApplicationStatus, JobPosting
from salaries.forms import BenchmarkFilterForm, CalculatorForm
from salaries.services import benchmarks_refresh
from tests.careers.factories import CertificationFactory, ResourceFactory
from tests.jobs.factories import ApplicationFactory, PostingFactory, SkillFactory
from tests.salaries.factories import salaried
from tests.strategies import BOUNDED, BREAKERS, form_fields, query_strings

PAGING = {"cursor": [], "page": ["1", "2"], "page_size": ["5", "100"]}
BOARD = {**form_fields(PostingFilter(queryset=JobPosting.objects.none()).form.fields), **PAGING}
# (page, who reads it, its form's fields, a query that takes the page to the database);
# {slug} is a posting of the recruiter's company.
PAGES = [
    ("/jobs/", None, BOARD, "q=product"),
    ("/jobs/feed/rss/", None, BOARD, "q=product"),
    ("/jobs/feed/atom/", None, BOARD, "q=product"),
    ("/jobs/follow/", None, BOARD, "q=product"),
    ("/jobs/saved/", "candidate", BOARD, ""),
    ("/jobs/applications/", "candidate", PAGING, ""),
    ("/jobs/{slug}/applicants/", "recruiter", {"status": list(ApplicationStatus), **PAGING}, ""),
    ("/salaries/", None, form_fields(BenchmarkFilterForm.base_fields), "currency=GBP"),
    (
        "/salaries/calculator/",
        None,
        form_fields(CalculatorForm.base_fields),
        "currency=GBP&offer=50000",
    ),
    (
        "/careers/certifications/",
        None,
        {
            **form_fields(CertificationFilter(queryset=Certification.objects.none()).form.fields),
            **PAGING,
        },
        "currency=GBP",
    ),
    (
        "/careers/resources/",
        None,
        {**form_fields(ResourceFilter(queryset=Resource.objects.none()).form.fields), **PAGING},
        "",
    ),
    (
        "/careers/skill-gap/",
        None,
        {**form_fields(SkillGapForm.base_fields), "check": ["1"]},
        "check=1&skills=sql",
    ),
    ("/api/v1/jobs/", None, {**BOARD, "mine": ["true"]}, "q=product"),
]


def known_breakers(fields: dict[str, list[str]], base: str) -> list[str]:
    """Each free field (no choices) of a page with each value that once broke a page.

    Added to the page's base query, which takes it past the form to the database; a key
    given twice counts once, with its last value.
    """
    prefix = f"{base}&" if base else ""
    return [
        f"{prefix}{key}={value}" for key, valid in fields.items() if not valid for value in BREAKERS
    ]


@pytest.fixture
def site(db, company, recruiter, candidate, settings):
    """A little of everything the pages list, read afresh on each request."""
    settings.JOBS_BOARD_CACHE_SECONDS = 0
    skill = SkillFactory.create(name="SQL")
    postings = PostingFactory.create_batch(3, company=company, title="Product Manager")
    for posting in postings:
        posting.skills.add(skill)
    for pounds in (50_000, 52_000, 54_000, 56_000, 58_000):
        salaried(pounds * 100, level=Level.MID)
    benchmarks_refresh()
    ApplicationFactory.create(posting=postings[0], candidate=candidate)
    CertificationFactory.create()
    ResourceFactory.create()
    return {"slug": postings[0].slug, "recruiter": recruiter, "candidate": candidate}


@pytest.mark.parametrize(
    ("url", "reader", "fields", "base"), PAGES, ids=[page[0] for page in PAGES]
)
def test_any_query_string_answers_without_a_server_error(site, url, reader, fields, base):
    """Every answer is below 500 and no exception escapes the view."""
    client = APIClient()
    if reader:
        client.force_login(site[reader])
    path = url.format(slug=site["slug"])

    @BOUNDED
    @given(query=query_strings(fields))
    def answers(query):
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (query, response.content[:300])

    for query in known_breakers(fields, base):
        answers = example(query=query)(answers)
    answers()
