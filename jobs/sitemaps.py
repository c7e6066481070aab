"""The sitemaps search engines read: the fixed public pages, the career guides and every live
posting.

/sitemap.xml is an index naming one sitemap per section; a section longer than one page
continues on numbered pages (``?p=2``), each listed in the index.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from careers.sitemaps import CareerSitemap
from jobs.models import JobPosting

# The index and section views count the items to paginate them; serving them from the cache
# for an hour keeps that count off most requests, and a new posting can wait an hour to be
# indexed.
SITEMAP_CACHE_SECONDS = 60 * 60


class PageSitemap(Sitemap):
    """Public pages with fixed addresses; none that asks for signing in."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "jobs:list",
            "careers:index",
            "careers:certifications",
            "careers:resources",
            "careers:faq",
            "salaries:benchmarks",
            "salaries:calculator",
            "salaries:insights",
            "salaries:freelance_rates",
            "gigs:list",
            "offers:list",
        ]

    def location(self, url_name: str) -> str:
        return reverse(url_name)


class PostingSitemap(Sitemap):
    """Published postings that are not duplicates; closed and unpublished ones never."""

    changefreq = "daily"
    # Pages of 10,000 postings (the protocol allows 50,000): a page of 50,000 took several
    # times as long to render and to download (bench/README.md, "Sitemaps").
    limit = 10_000

    def items(self) -> QuerySet:
        postings = JobPosting.objects.on_board().only("slug", "updated_at")
        return postings.order_by("-posted_at", "-id")

    def lastmod(self, posting: JobPosting) -> datetime:
        return posting.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        """The newest change among live postings, for the index (Django's default would
        call ``lastmod`` on every posting)."""
        return JobPosting.objects.on_board().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"pages": PageSitemap, "careers": CareerSitemap, "postings": PostingSitemap}
