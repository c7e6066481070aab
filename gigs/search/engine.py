"""The gig search strategy of the database in use: one module per database, the same functions.

``gigs.search.postgres`` matches the gig's stored search vector; ``gigs.search.sqlite``
matches words in the title and description. Both are the job board's rules
(``jobs.search``) over the gig's columns.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import Expression

from gigs.search import postgres, sqlite


class Engine(Protocol):
    def matches(self, queryset: QuerySet, text: str) -> QuerySet:
        """The gigs of ``queryset`` that match the keywords ``text``."""

    def score(self, text: str) -> Expression:
        """How well a gig matches ``text``, higher is better."""


def engine() -> Engine:
    return postgres if connection.vendor == "postgresql" else sqlite
