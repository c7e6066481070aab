"""Which currency a salary page opens in when the visitor has not chosen one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.http import HttpRequest

from accounts.visitor import country_currency, visitor_country
from core.countries import country_in_sentence

from .models import MIN_OBSERVATIONS

# The pages that open in the visitor's currency answer differently by the browser's
# languages and by who is signed in: a shared cache must key on both.
VARY_HEADERS = ("Accept-Language", "Cookie")


@dataclass(frozen=True)
class Available:
    """The currencies at a page's position: those with figures to show, busiest first, and
    the busiest of all, figures or not."""

    published: list[str] = field(default_factory=list)
    busiest: str | None = None

    @classmethod
    def from_counts(cls, counts: Iterable[tuple[str, int]]) -> Available:
        """From (currency, observations) pairs, busiest first."""
        pairs = list(counts)
        return cls(
            published=[code for code, n in pairs if n >= MIN_OBSERVATIONS],
            busiest=pairs[0][0] if pairs else None,
        )


class Because(StrEnum):
    ASKED = "asked"
    COUNTRY = "country"
    VISITOR = "visitor"
    BUSIEST = "busiest"


@dataclass(frozen=True)
class PageCurrency:
    """The currency a page shows, why, and (when it had to fall back) the one it wanted."""

    code: str
    because: Because
    country: str | None = None
    wanted: str | None = None

    @property
    def text(self) -> str:
        """'in GBP, the currency of the United Kingdom', to follow 'Postings paid'."""
        if self.because is Because.COUNTRY:
            return f"in {self.code}, the currency of {country_in_sentence(self.country or '')}"
        if self.because is Because.VISITOR:
            return (
                f"in {self.code}, the currency of {country_in_sentence(self.country or '')}, "
                "where you seem to be"
            )
        if self.because is Because.BUSIEST and self.wanted:
            return f"in {self.code}, the most common here; {self.wanted} has too few to show yet"
        if self.because is Because.BUSIEST:
            return f"in {self.code}, the most common here"
        return f"in {self.code}"


def page_currency(
    request: HttpRequest, *, asked: str | None, country: str | None, available: Available
) -> PageCurrency | None:
    """The currency asked for; else that of the chosen ``country`` (of the visitor's when none
    is chosen) if it has figures here; else the busiest with figures, else the busiest of all.
    None when nothing was asked for and there is nothing at all."""
    if asked:
        return PageCurrency(asked, Because.ASKED)
    because = Because.COUNTRY if country else Because.VISITOR
    place = country or visitor_country(request)
    wanted = country_currency(place)
    if wanted and wanted in available.published:
        return PageCurrency(wanted, because, country=place)
    busiest = available.published[0] if available.published else available.busiest
    if busiest is None:
        return None
    return PageCurrency(busiest, Because.BUSIEST, wanted=wanted)
