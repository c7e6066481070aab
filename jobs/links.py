"""Paths to posting pages for lists, which link a page's worth of postings at once."""

from __future__ import annotations

import re

from django.urls import reverse
from django.urls.converters import SlugConverter

from jobs.models import JobPosting

# What the <slug:slug> of the posting page's URL accepts.
SLUG = re.compile(SlugConverter.regex)
MARKER = "slug"


class PostingPaths:
    """Each posting's ``get_absolute_url()``, with one reverse() for a whole list.

    reverse() costs more than the rest of a card or API row. The posting page's path is
    reversed once, around a marker slug, and each posting's slug takes the marker's place:
    the same path reverse() gives, since a slug the URL accepts needs no quoting. A slug the
    URL would not accept still goes through reverse(), which fails on it as it always did.
    Make one per request: the path starts with the request's script prefix.
    """

    def __init__(self) -> None:
        path = reverse("jobs:detail", kwargs={"slug": MARKER})
        self.head, self.tail = path.rsplit(MARKER, 1)

    def __call__(self, posting: JobPosting) -> str:
        if SLUG.fullmatch(posting.slug):
            return f"{self.head}{posting.slug}{self.tail}"
        return posting.get_absolute_url()
