"""The sitemap index at /sitemap.xml and the section sitemaps it names."""

from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from jobs.domain import PostingStatus
from jobs.models import JobPosting
from jobs.sitemaps import PostingSitemap
from tests.careers.factories import CareerPathFactory, CareerStepFactory
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(response) -> ElementTree.Element:
    assert response.status_code == 200
    # The XML comes from the portal under test, not from an untrusted source.
    return ElementTree.fromstring(response.content)  # noqa: S314


def sitemap_pages(client) -> list[str]:
    """The sitemap addresses the index at /sitemap.xml lists."""
    return [entry.findtext(f"{NS}loc", "") for entry in parse(client.get("/sitemap.xml"))]


def sitemap_entries(client) -> dict[str, str | None]:
    """Map each URL listed in any of the index's sitemaps to its lastmod."""
    entries = {}
    for page in sitemap_pages(client):
        address = urlsplit(page)
        root = parse(client.get(f"{address.path}?{address.query}"))
        entries.update({url.findtext(f"{NS}loc", ""): url.findtext(f"{NS}lastmod") for url in root})
    return entries


def test_sitemap_lists_the_fixed_pages_with_absolute_urls(client):
    """The home page and the board are listed as absolute URLs."""
    entries = sitemap_entries(client)
    assert "http://testserver/" in entries
    assert "http://testserver/jobs/" in entries


PUBLIC_PAGES = [
    "/careers/",
    "/careers/certifications/",
    "/careers/resources/",
    "/careers/faq/",
    "/salaries/",
    "/salaries/calculator/",
    "/salaries/insights/",
    "/salaries/freelance/",
    "/gigs/",
    "/offers/",
]


def test_sitemap_lists_the_careers_salary_and_marketplace_pages(client):
    """The guides' index, certifications, resources and FAQ, the four salary pages, and the
    gig and offer boards are listed."""
    entries = sitemap_entries(client)
    assert {f"http://testserver{path}" for path in PUBLIC_PAGES} <= set(entries)


def test_every_fixed_page_in_the_sitemap_answers_a_visitor(client):
    """Each fixed page listed is public: signed out, it answers 200 rather than a sign-in."""
    root = parse(client.get("/sitemap-pages.xml"))
    paths = [urlsplit(url.findtext(f"{NS}loc", "")).path for url in root]
    assert len(paths) == len(PUBLIC_PAGES) + 2
    assert {path: client.get(path).status_code for path in paths} == dict.fromkeys(paths, 200)


def test_sitemap_lists_published_career_paths_and_their_steps(client):
    """A published path and each of its steps are listed at their page addresses."""
    step = CareerStepFactory.create()
    entries = sitemap_entries(client)
    assert f"http://testserver{step.path.get_absolute_url()}" in entries
    assert f"http://testserver{step.get_absolute_url()}" in entries


def test_sitemap_never_lists_unpublished_paths_or_their_steps(client):
    """A path taken off the site stays out of the sitemap, and so do its steps."""
    hidden = CareerStepFactory.create(path=CareerPathFactory.create(is_published=False))
    entries = sitemap_entries(client)
    assert f"http://testserver{hidden.path.get_absolute_url()}" not in entries
    assert f"http://testserver{hidden.get_absolute_url()}" not in entries


def test_careers_sitemap_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    """However many paths and steps there are, the section costs the same few queries."""
    for path in CareerPathFactory.create_batch(3):
        CareerStepFactory.create_batch(4, path=path)
    with django_assert_max_num_queries(3):
        root = parse(client.get("/sitemap-careers.xml"))
    assert len(root) == 3 + 3 * 4


def test_sitemap_lists_published_postings_with_lastmod(client):
    """A live posting appears with its absolute URL and lastmod = updated_at."""
    posting = PostingFactory.create()
    updated = timezone.now() - timedelta(days=4)
    JobPosting.objects.filter(pk=posting.pk).update(updated_at=updated)
    entries = sitemap_entries(client)
    assert entries[f"http://testserver{posting.get_absolute_url()}"] == updated.date().isoformat()


@pytest.mark.parametrize(
    "status",
    [
        PostingStatus.DRAFT,
        PostingStatus.PENDING,
        PostingStatus.REJECTED,
        PostingStatus.EXPIRED,
        PostingStatus.FILLED,
        PostingStatus.ARCHIVED,
    ],
)
def test_sitemap_never_lists_postings_that_are_not_live(client, status):
    """Drafts, pending, rejected, closed and archived postings stay out of the sitemap."""
    hidden = PostingFactory.create(status=status)
    entries = sitemap_entries(client)
    assert f"http://testserver{hidden.get_absolute_url()}" not in entries


def test_sitemap_never_lists_duplicates(client):
    """A duplicate posting is left out; its original is listed."""
    original = PostingFactory.create()
    duplicate = PostingFactory.create(duplicate_of=original)
    entries = sitemap_entries(client)
    assert f"http://testserver{original.get_absolute_url()}" in entries
    assert f"http://testserver{duplicate.get_absolute_url()}" not in entries


def test_sitemap_is_xml(client):
    """Crawlers get an XML content type."""
    assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")


def test_sitemap_index_names_one_sitemap_per_section(client):
    """/sitemap.xml is an index of absolute sitemap addresses: fixed pages, career guides
    and postings."""
    CareerStepFactory.create()
    PostingFactory.create()
    assert sitemap_pages(client) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-careers.xml",
        "http://testserver/sitemap-postings.xml",
    ]


def test_postings_beyond_one_sitemap_continue_on_numbered_pages(client, monkeypatch):
    """Past a sitemap's URL limit the index lists further pages, and together they list all."""
    monkeypatch.setattr(PostingSitemap, "limit", 2)
    postings = PostingFactory.create_batch(5)
    assert sitemap_pages(client)[-3:] == [
        "http://testserver/sitemap-postings.xml",
        "http://testserver/sitemap-postings.xml?p=2",
        "http://testserver/sitemap-postings.xml?p=3",
    ]
    entries = sitemap_entries(client)
    assert all(f"http://testserver{p.get_absolute_url()}" in entries for p in postings)


def test_index_dates_the_postings_sitemap_without_reading_every_posting(client, monkeypatch):
    """The index's lastmod is the newest change among live postings, read in one query
    rather than by loading each posting (hundreds of thousands on a full board)."""
    newest = timezone.now() - timedelta(days=1)
    for age in (3, 1, 2):
        posting = PostingFactory.create()
        JobPosting.objects.filter(pk=posting.pk).update(updated_at=newest - timedelta(days=age - 1))
    PostingFactory.create(status=PostingStatus.DRAFT)
    per_posting = []
    monkeypatch.setattr(PostingSitemap, "lastmod", lambda self, item: per_posting.append(item))
    index = parse(client.get("/sitemap.xml"))
    dates = {entry.findtext(f"{NS}loc"): entry.findtext(f"{NS}lastmod") for entry in index}
    assert dates["http://testserver/sitemap-postings.xml"] == newest.isoformat()
    assert per_posting == []


@pytest.mark.parametrize("path", ["/sitemap-nothing.xml", "/sitemap-postings.xml?p=9"])
def test_unknown_sitemap_section_or_page_is_not_found(client, path):
    """A section that does not exist, or a page past the last, answers 404."""
    PostingFactory.create()
    assert client.get(path).status_code == 404


def test_robots_txt_names_the_sitemap_index(client):
    """Crawlers find the index from robots.txt."""
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text
