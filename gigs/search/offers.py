"""The offer list's search: one query value and one page function, as for gigs.

Offers are matched with the job board's ``WordSearch`` (every word in the title,
deliverables or description) on both databases. An offer is one packaged service per
freelancer and a few per seller, a table far smaller than the gigs or postings, so a stored,
trigger-kept search vector would add a migration of SQL and a second strategy for no
measurable gain; the /offers/ list pages by keyset whichever database runs it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from django.db.models import QuerySet

from core.money import to_minor
from core.pagination import Page, keyset_cut, keyset_seek
from gigs.models import Offer
from jobs.search.sqlite import WordSearch

PAGE_SIZE = 20
Sort = Literal["newest", "price"]
ORDERS: dict[str, list[str]] = {"newest": ["-published_at", "-id"], "price": ["price", "id"]}
SEARCH = WordSearch((("title", 1.0), ("deliverables", 0.4), ("description", 0.1)))
# Long columns that cards and API rows never show.
CARD_DEFERRED = ("description", "hidden_reason")


@dataclass(frozen=True)
class OfferQuery:
    """What a visitor looks for among published offers. Empty values filter nothing.

    ``price_at_most`` is in minor units of ``currency``; an offer matches when it is priced
    in that currency at no more than it.
    """

    text: str = ""
    categories: tuple[str, ...] = ()
    price_at_most: int | None = None
    currency: str = ""
    delivery_within: int | None = None
    sort: Sort = "newest"

    @classmethod
    def from_form(cls, data: Mapping[str, Any], *, now: datetime) -> OfferQuery:
        """The query a valid OfferFilter's ``cleaned_data`` asks for; ``now`` is unused."""
        currency = data.get("currency") or ""
        price = data.get("price_at_most")
        days = data.get("delivery_within")
        return cls(
            text=(data.get("q") or "").strip(),
            categories=tuple(data.get("category") or ()),
            # The form allows a price only with a currency.
            price_at_most=None if price is None else to_minor(price, currency),
            currency=currency,
            delivery_within=int(days) if days else None,
            sort=data.get("sort") or "newest",
        )

    def filter(self, offers: QuerySet) -> QuerySet:
        """The offers of ``offers`` that match the keywords and meet every filter."""
        found = SEARCH.matches(offers, self.text) if self.text else offers
        if self.categories:
            found = found.filter(category__in=self.categories)
        if self.currency:
            found = found.filter(currency=self.currency)
        if self.price_at_most is not None:
            found = found.filter(price__lte=self.price_at_most)
        if self.delivery_within is not None:
            found = found.filter(delivery_days__lte=self.delivery_within)
        return found


def cards(offers: QuerySet) -> QuerySet:
    """``offers`` with what an offer card or API row shows: the seller and their profile."""
    return offers.select_related("freelancer__freelancer_profile").defer(*CARD_DEFERRED)


def offer_page(
    query: OfferQuery,
    *,
    cursor: str | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
    rows: QuerySet | None = None,
) -> Page:
    """One keyset page of the listed offers ``query`` finds, in its order, never counting.

    ``page`` is accepted for the boards' shared view helper; offers page by cursor only.
    """
    keys = ORDERS[query.sort]
    rows = cards(Offer.objects.all()) if rows is None else rows
    seek = keyset_seek(Offer, keys, cursor)
    listed = Offer.objects.listed()
    found = query.filter(listed if seek is None else listed.filter(seek.condition))
    order = keys if seek is None else seek.keys
    picked = found.order_by(*order).values("pk")[: size + 1]
    page_rows = list(rows.filter(pk__in=picked).order_by(*order))
    return keyset_cut(page_rows, keys=keys, size=size, seek=seek)
