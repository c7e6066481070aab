"""The search strategy of the database in use: one module per database, the same functions.

``jobs.search.postgres`` matches the stored search vector and looks among the newest
postings first; ``jobs.search.sqlite`` matches words in the text columns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import Expression

from jobs.search import postgres, sqlite


class Engine(Protocol):
    def matches(self, queryset: QuerySet, text: str) -> QuerySet:
        """The postings of ``queryset`` that match the keywords ``text``."""

    def score(self, text: str) -> Expression:
        """How well a posting matches ``text``, higher is better."""

    def first_matches(
        self,
        matches: QuerySet,
        *,
        among: QuerySet,
        keys: list[str],
        limit: int,
        enough: int | None = None,
        window: int | None = None,
        since: datetime | None = None,
    ) -> Any:
        """A subquery of the primary keys of the first ``limit`` of ``matches`` by ``keys``.

        ``among`` holds every row ``matches`` may come from; the first ``enough`` matches
        among the first ``window`` rows of ``among`` may answer; every match was posted
        after ``since`` when it is given.
        """


def engine() -> Engine:
    return postgres if connection.vendor == "postgresql" else sqlite
