"""The offer API's wiring: the list is the page's search, ownership answers 404, buying."""

import pytest
from rest_framework.test import APIClient

from gigs.models import Contract, OfferOrder, OfferStatus
from tests.gigs.factories import OfferExtraFactory, OfferFactory, offer_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(db):
    return APIClient()


@pytest.fixture
def offer(freelancer):
    offer = OfferFactory.create(freelancer=freelancer, slug="strategy")
    OfferExtraFactory.create(offer=offer, title="Competitor teardown", price=25_000, extra_days=2)
    return offer


def test_list_is_the_page_search(api, offer):
    """Only published offers, filtered like /offers/, prices in minor units; no count."""
    OfferFactory.create(status=OfferStatus.PAUSED)
    OfferFactory.create(category="discovery")
    body = api.get("/api/v1/offers/", {"category": "strategy"}).json()
    assert [row["slug"] for row in body["results"]] == [offer.slug]
    assert body["results"][0]["price"] == 40_000 and body["results"][0]["seller"] == "finn"
    assert set(body) == {"next", "results"}


def test_list_refuses_bad_filters(api):
    assert api.get("/api/v1/offers/", {"price_at_most": "10"}).status_code == 400


def test_list_pages_with_a_cursor(api):
    for _ in range(3):
        OfferFactory.create()
    first = api.get("/api/v1/offers/", {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    slugs = [row["slug"] for row in first["results"] + second["results"]]
    assert len(slugs) == len(set(slugs)) == 3
    assert second["next"] is None


def test_retrieve_shows_extras_and_hides_unlisted_offers(api, offer, freelancer):
    body = api.get(f"/api/v1/offers/{offer.slug}/").json()
    assert [(e["title"], e["price"]) for e in body["extras"]] == [("Competitor teardown", 25_000)]
    paused = OfferFactory.create(freelancer=freelancer, status=OfferStatus.PAUSED)
    assert api.get(f"/api/v1/offers/{paused.slug}/").status_code == 404


def test_create_and_edit_own_offer(api, freelancer, stranger):
    api.force_authenticate(freelancer)
    data = offer_fields() | {"publish": True, "extras": [{"title": "Call", "price": 5_000}]}
    response = api.post("/api/v1/offers/", data, format="json")
    assert response.status_code == 201, response.json()
    slug = response.json()["slug"]
    assert response.json()["status"] == OfferStatus.PUBLISHED
    assert response.json()["currency"] == "GBP"
    edited = api.patch(f"/api/v1/offers/{slug}/", {"price": 45_000}, format="json")
    assert edited.json()["price"] == 45_000
    api.force_authenticate(stranger)
    assert api.patch(f"/api/v1/offers/{slug}/", {"price": 1}, format="json").status_code == 404


def test_create_without_a_profile_is_forbidden(api, stranger):
    api.force_authenticate(stranger)
    assert api.post("/api/v1/offers/", offer_fields(), format="json").status_code == 403


def test_bad_fields_answer_400_with_field_errors(api, freelancer):
    api.force_authenticate(freelancer)
    response = api.post("/api/v1/offers/", offer_fields(price=0), format="json")
    assert response.status_code == 400
    assert "price" in response.json()


def test_buy_needs_a_key_and_sign_in(api, offer, client_user):
    assert api.post(f"/api/v1/offers/{offer.slug}/buy/", {}, format="json").status_code in (
        401,
        403,
    )
    api.force_authenticate(client_user)
    assert api.post(f"/api/v1/offers/{offer.slug}/buy/", {}, format="json").status_code == 400
    assert not OfferOrder.objects.exists()


def test_buy_answers_the_order_and_the_transfer_to_make_and_replays(api, offer, client_user):
    api.force_authenticate(client_user)
    extra = offer.extras.get()
    url = f"/api/v1/offers/{offer.slug}/buy/"
    headers = {"Idempotency-Key": "buy-1"}
    response = api.post(url, {"extras": [extra.pk]}, format="json", headers=headers)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["total"], body["currency"]) == (65_000, "GBP")
    assert body["milestone"]["amount"] == 65_000 and body["milestone"]["status"] == "proposed"
    assert body["funding_request"]["amount"] == 65_000
    again = api.post(url, {"extras": [extra.pk]}, format="json", headers=headers)
    assert again.json()["order"] == body["order"]
    assert OfferOrder.objects.count() == Contract.objects.count() == 1
    other = api.post(url, {}, format="json", headers=headers)
    assert other.status_code == 400  # the key was used for another request
    contract = api.get(f"/api/v1/contracts/{body['contract']}/").json()
    assert contract["offer"] == offer.slug and contract["gig"] is None


def test_buy_refusals(api, offer, freelancer, client_user):
    """Own offer 403, a foreign extra or another currency 400, a paused offer 404."""
    url = f"/api/v1/offers/{offer.slug}/buy/"
    api.force_authenticate(freelancer)
    assert api.post(url, {}, format="json", headers={"Idempotency-Key": "a"}).status_code == 403
    api.force_authenticate(client_user)
    foreign = OfferExtraFactory.create()
    response = api.post(url, {"extras": [foreign.pk]}, format="json",
                        headers={"Idempotency-Key": "b"})  # fmt: skip
    assert response.status_code == 400 and "extras" in response.json()
    response = api.post(url, {"currency": "EUR"}, format="json", headers={"Idempotency-Key": "c"})
    assert response.status_code == 400 and "currency" in response.json()
    paused = OfferFactory.create(freelancer=freelancer, status=OfferStatus.PAUSED)
    response = api.post(f"/api/v1/offers/{paused.slug}/buy/", {}, format="json",
                        headers={"Idempotency-Key": "d"})  # fmt: skip
    assert response.status_code == 404
    assert not OfferOrder.objects.exists()


def test_the_schema_lists_the_offer_endpoints(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/offers/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/offers/{slug}/buy/"]
