"""The sitemap at /sitemap.xml."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from jobs.models import JobPosting, PostingStatus
from tests.jobs.factories import PostingFactory

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client) -> dict[str, str | None]:
    """Map each listed URL to its lastmod."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    # The XML comes from the portal under test, not from an untrusted source.
    root = ElementTree.fromstring(response.content)  # noqa: S314
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root}


def test_sitemap_lists_the_fixed_pages_with_absolute_urls(client):
    """The home page and the board are listed as absolute URLs."""
    entries = sitemap_entries(client)
    assert "http://testserver/" in entries
    assert "http://testserver/jobs/" in entries


def test_sitemap_lists_published_postings_with_lastmod(client):
    """A live posting appears with its absolute URL and lastmod = updated_at."""
    posting = PostingFactory()
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
    hidden = PostingFactory(status=status)
    entries = sitemap_entries(client)
    assert f"http://testserver{hidden.get_absolute_url()}" not in entries


def test_sitemap_never_lists_duplicates(client):
    """A duplicate posting is left out; its original is listed."""
    original = PostingFactory()
    duplicate = PostingFactory(duplicate_of=original)
    entries = sitemap_entries(client)
    assert f"http://testserver{original.get_absolute_url()}" in entries
    assert f"http://testserver{duplicate.get_absolute_url()}" not in entries


def test_sitemap_is_xml(client):
    """Crawlers get an XML content type."""
    assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")
