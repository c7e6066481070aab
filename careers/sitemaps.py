"""The sitemap of career guides: every published path and each of its steps."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from .models import CareerPath, CareerStep


class CareerSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[CareerPath | CareerStep]:
        """Published paths, each followed by its steps in order (two queries)."""
        paths = list(CareerPath.objects.filter(is_published=True).only("slug"))
        steps = (
            CareerStep.objects.filter(path__in=paths)
            .select_related("path")
            .only("slug", "path__slug")
        )
        by_path: dict[int, list[CareerStep]] = {path.pk: [] for path in paths}
        for step in steps:
            by_path[step.path_id].append(step)
        pages: list[CareerPath | CareerStep] = []
        for path in paths:
            pages += [path, *by_path[path.pk]]
        return pages
