"""The offer list's search on either database: each filter, both orders, keyset pages."""

from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import timezone

from gigs.filters import OfferFilter
from gigs.models import OfferStatus
from gigs.search.offers import OfferQuery, offer_page
from tests.gigs.factories import OfferFactory

pytestmark = pytest.mark.django_db


def _query(**params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    filterset = OfferFilter(data)
    assert filterset.is_valid(), filterset.errors
    return filterset.query


def titles(query, **kwargs):
    return [offer.title for offer in offer_page(query, **kwargs).items]


@pytest.fixture
def offers():
    """Three listed offers and two that are not."""
    OfferFactory.create(title="PRD review", category="requirements", price=25_000,
                        delivery_days=3, deliverables="A marked-up PRD")  # fmt: skip
    OfferFactory.create(title="Discovery interviews", category="discovery", price=180_000,
                        currency="EUR", delivery_days=14)  # fmt: skip
    OfferFactory.create(title="Metrics in SQL", category="analytics", price=60_000,
                        currency="USD", delivery_days=5)  # fmt: skip
    OfferFactory.create(title="Paused PRD help", status=OfferStatus.PAUSED)
    OfferFactory.create(title="Hidden PRD help", is_hidden=True)


def test_the_list_shows_only_published_visible_offers_newest_first(offers):
    assert titles(OfferQuery()) == ["Metrics in SQL", "Discovery interviews", "PRD review"]


def test_keywords_match_every_word_in_title_deliverables_or_description(offers):
    assert titles(_query(q="prd")) == ["PRD review"]
    assert titles(_query(q="marked-up")) == ["PRD review"]
    assert titles(_query(q="prd interviews")) == []


def test_category_filter(offers):
    assert titles(_query(category=["discovery", "analytics"])) == [
        "Metrics in SQL",
        "Discovery interviews",
    ]


def test_price_at_most_counts_in_its_currency_only(offers):
    """GBP 300 at most finds the GBP 250 offer, not the cheaper-looking USD or EUR ones."""
    assert titles(_query(price_at_most="300", currency="gbp")) == ["PRD review"]
    assert titles(_query(price_at_most="600", currency="USD")) == ["Metrics in SQL"]
    assert titles(_query(price_at_most="599.99", currency="USD")) == []


def test_a_price_needs_a_currency():
    filterset = OfferFilter(QueryDict("price_at_most=100"))
    assert not filterset.is_valid()
    assert "currency" in filterset.errors


def test_delivery_within_days(offers):
    assert titles(_query(delivery_within="7")) == ["Metrics in SQL", "PRD review"]


def test_price_order(offers):
    assert titles(_query(sort="price")) == ["PRD review", "Metrics in SQL", "Discovery interviews"]


@pytest.mark.parametrize("sort", ["newest", "price"])
def test_keyset_pages_walk_every_offer_once(sort):
    """25 offers in pages of 10: 10, 10, 5, no repeats, the last page without a cursor."""
    for n in range(25):
        OfferFactory.create(title=f"Offer {n}", price=10_000 + (n % 7) * 1_000)
    query, seen, cursor, sizes = _query(sort=sort), [], None, []
    while True:
        page = offer_page(query, cursor=cursor, size=10)
        sizes.append(len(page.items))
        seen += [offer.pk for offer in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sizes == [10, 10, 5]
    assert len(set(seen)) == 25
    if sort == "price":
        prices = [offer.price for offer in offer_page(query, size=25).items]
        assert prices == sorted(prices)


def test_page_queries_do_not_grow(django_assert_max_num_queries):
    """A page with its sellers' profiles costs one query with 5 offers or 25."""
    for _ in range(25):
        OfferFactory.create()
    for query in (OfferQuery(), _query(q="strategy"), _query(price_at_most="500", currency="GBP")):
        with django_assert_max_num_queries(1):
            page = offer_page(query)
            for offer in page.items:
                str(getattr(offer.freelancer, "freelancer_profile", None))


def test_from_form_turns_the_price_into_minor_units():
    query = _query(price_at_most="12.5", currency="GBP")
    assert (query.price_at_most, query.currency) == (1_250, "GBP")
    yen = OfferQuery.from_form(
        {"price_at_most": Decimal("3"), "currency": "JPY"}, now=timezone.now()
    )
    assert yen.price_at_most == 3
