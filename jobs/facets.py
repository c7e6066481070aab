"""Live postings counted per country and per salary currency, for the search form of /jobs/.

The country menu lists the countries with live postings and their counts, and a salary
asked for in no currency is searched in the visitor's country's currency or the one most
postings pay in. Counting every live posting is one grouped scan of the board, so the
counts are kept in the cache for ``COUNTS_SECONDS``: that is how stale they may be. A cache
that cannot be reached costs the scan, never the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import HttpRequest, QueryDict

from accounts.visitor import country_currency, visitor_country
from core.cache import remember
from core.countries import country_choices
from jobs.filters import PostingFilterForm
from jobs.models import JobPosting

COUNTS_KEY = "jobs:counts"
# Long enough that the scan runs a few times an hour at most; short enough that a country
# whose last posting closed leaves the menu soon after.
COUNTS_SECONDS = 300


@dataclass(frozen=True)
class BoardCounts:
    """Live postings per country (ISO code), and those with a salary per currency."""

    countries: dict[str, int]
    currencies: dict[str, int]


def board_counts() -> BoardCounts:
    return remember(COUNTS_KEY, _count, COUNTS_SECONDS)


def country_menu(chosen: str = "") -> list[tuple[str, str]]:
    """The countries with live postings as (code, "Germany (1,204)"), by name.

    ``chosen`` is listed even with no postings, so a search for it shows what it asked for.
    """
    counts = board_counts().countries
    return [
        (code, f"{name} ({counts.get(code, 0):,})")
        for code, name in country_choices()
        if code in counts or code == chosen
    ]


def default_currency(country: str | None) -> str | None:
    """The currency to search a salary in when none is named.

    ``country``'s currency when live postings pay in it, else the currency most live
    postings pay in; None when no live posting states a salary.
    """
    paid = board_counts().currencies
    own = country_currency(country)
    if own in paid:
        return own
    return min(paid, key=lambda code: (-paid[code], code), default=None)


def search_data(request: HttpRequest) -> QueryDict:
    """The request's board filters, a salary in no currency given the visitor's default."""
    return PostingFilterForm.with_currency(
        request.GET, lambda: default_currency(visitor_country(request))
    )


def _count() -> BoardCounts:
    rows = (
        JobPosting.objects.on_board()
        .order_by()
        .values("country", "salary_currency")
        .annotate(postings=Count("pk"), paid=Count("pk", filter=Q(salary_max_annual__isnull=False)))
    )
    countries: dict[str, int] = {}
    currencies: dict[str, int] = {}
    for row in rows:
        if row["country"]:
            countries[row["country"]] = countries.get(row["country"], 0) + row["postings"]
        if row["paid"] and row["salary_currency"]:
            currency = row["salary_currency"]
            currencies[currency] = currencies.get(currency, 0) + row["paid"]
    return BoardCounts(countries=countries, currencies=currencies)
