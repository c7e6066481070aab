"""The home page's figures: the newest roles and the headline salary for the visitor's country."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from accounts.visitor import country_currency, visitor_country
from careers.selectors import path_count as careers_path_count
from core.cache import remember
from core.countries import country_in_sentence
from jobs.board_cache import cached
from jobs.models import JobPosting
from jobs.search.board import board_page
from jobs.search.query import BoardQuery
from salaries.models import BenchmarkCell
from salaries.selectors import headline_cell

NEWEST_ROLES = 6
# The salary cells change once a refresh commits (daily); a figure a few minutes older than
# the table is as true, and keeps the cell lookup off most home page requests.
HEADLINE_CACHE_SECONDS = 5 * 60


def newest_roles(request: HttpRequest) -> list[JobPosting]:
    """The newest live postings as cards show them; kept with the board's cached pages."""
    return cached(request, "home-roles", _newest_roles)


def _newest_roles() -> list[JobPosting]:
    return board_page(BoardQuery(), size=NEWEST_ROLES).items


@dataclass(frozen=True)
class Headline:
    """The median PM salary shown on the home page, and whose it is.

    ``asked_for`` is the visitor's country when the portal can tell it; the cell may be
    another country's (none published for theirs) or, with no country's published, every
    country's together.
    """

    cell: BenchmarkCell
    asked_for: str | None

    @property
    def country(self) -> str:
        return self.cell.key.country or ""

    @property
    def country_label(self) -> str:
        return country_in_sentence(self.country)

    @property
    def asked_for_label(self) -> str:
        return country_in_sentence(self.asked_for or "")

    @property
    def is_visitors(self) -> bool:
        return bool(self.country) and self.country == self.asked_for

    @property
    def salaries_url(self) -> str:
        query = {"country": self.country, "currency": self.cell.currency}
        chosen = {name: value for name, value in query.items() if value}
        return f"{reverse('salaries:benchmarks')}?{urlencode(chosen)}"


def headline_salary(request: HttpRequest) -> Headline | None:
    """The headline for the visitor's country (profile, then browser); None before any
    benchmark is published."""
    country = visitor_country(request)
    cell = remember(
        f"home:headline:{country or '-'}",
        lambda: headline_cell(country=country, currency=country_currency(country)),
        HEADLINE_CACHE_SECONDS,
    )
    return None if cell is None else Headline(cell=cell, asked_for=country)


# Paths change only when staff edit them; the careers page counts afresh, the home page may lag.
PATH_COUNT_CACHE_SECONDS = 5 * 60


def path_count() -> int:
    """How many career paths the home page names, as the careers page counts them."""
    return remember("home:path-count", careers_path_count, PATH_COUNT_CACHE_SECONDS)
