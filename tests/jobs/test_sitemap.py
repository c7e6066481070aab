"""The sitemap index at /sitemap.xml and the section sitemaps it names."""

from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from jobs.domain import PostingStatus
from jobs.models import JobPosting
from jobs.sitemaps import PostingSitemap
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
    """/sitemap.xml is an index of absolute sitemap addresses: fixed pages and postings."""
    assert sitemap_pages(client) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-postings.xml",
    ]


def test_postings_beyond_one_sitemap_continue_on_numbered_pages(client, monkeypatch):
    """Past a sitemap's URL limit the index lists further pages, and together they list all."""
    monkeypatch.setattr(PostingSitemap, "limit", 2)
    postings = PostingFactory.create_batch(5)
    assert sitemap_pages(client)[1:] == [
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
