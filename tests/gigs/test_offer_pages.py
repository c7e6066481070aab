"""The offer pages' wiring: the list, an offer's page, buying it, and the seller's pages."""

import re

import pytest
from django.utils import timezone

from gigs.domain import ReviewRole
from gigs.models import Contract, Offer, OfferOrder, OfferStatus, Review
from gigs.services import lifecycle
from tests.gigs.factories import GigFactory, OfferExtraFactory, OfferFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(freelancer):
    """Finn's published GBP 400 offer with a GBP 250 extra adding two days."""
    offer = OfferFactory.create(freelancer=freelancer, slug="strategy")
    OfferExtraFactory.create(offer=offer, title="Competitor teardown", price=25_000, extra_days=2)
    return offer


def test_list_shows_offers_and_htmx_gets_results_alone(client, offer):
    response = client.get("/offers/")
    assert response.status_code == 200
    assert offer.title in response.text and "GBP 400" in response.text
    assert 'role="search"' in response.text
    assert 'href="/offers/"' in response.text  # the header's navigation
    partial = client.get("/offers/", headers={"HX-Request": "true"})
    assert offer.title in partial.text
    assert 'role="search"' not in partial.text


def test_list_with_bad_filters_answers_400(client, offer):
    response = client.get("/offers/", {"price_at_most": "100"})
    assert response.status_code == 400
    assert "Pick the currency" in response.text


def test_list_page_queries_do_not_grow(client, django_assert_max_num_queries):
    """The whole /offers/ page, form and results, in a fixed number of queries."""
    for _ in range(25):
        OfferFactory.create()
    with django_assert_max_num_queries(3):
        response = client.get("/offers/", {"q": "strategy", "category": "strategy"})
    assert response.status_code == 200


def test_offer_page_shows_seller_extras_and_sign_in(client, offer):
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "About the seller" in text and "Fractional product manager" in text
    assert "Response time" in text
    assert 'name="extras"' in text and 'data-price="25000"' in text
    assert "Sign in to buy" in text
    assert "js/offer-total.js" in text and "<script>" not in text
    assert "/freelancers/finn/" in text  # the seller card links the profile


def test_offer_page_shows_the_sellers_rating(client, offer, freelancer, client_user):
    """The seller's published reviews as a freelancer: stars and "4.5 from 2 reviews"."""
    for stars in (4, 5):
        proposal = ProposalFactory.create(
            gig=GigFactory.create(client=client_user), freelancer=freelancer
        )
        contract = lifecycle.proposal_accept(proposal=proposal, user=client_user)
        Review.objects.create(
            contract=contract,
            author=client_user,
            subject=freelancer,
            subject_role=ReviewRole.FREELANCER,
            rating=stars,
            text="Good work.",
            published_at=timezone.now(),
        )
    text = client.get(offer.get_absolute_url()).text
    assert "4.5 from 2 reviews" in text


def test_offer_page_says_when_the_seller_has_no_reviews(client, offer):
    assert "No reviews yet" in client.get(offer.get_absolute_url()).text


def test_offer_page_renders_markdown_sanitized(client, freelancer):
    offer = OfferFactory.create(
        freelancer=freelancer, description="**Bold** <script>alert(1)</script>"
    )
    response = client.get(offer.get_absolute_url())
    assert "<strong>Bold</strong>" in response.text
    assert "<script>alert(1)" not in response.text


def test_the_seller_sees_the_fee_on_their_own_preview(client, offer, freelancer):
    client.force_login(freelancer)
    response = client.get(offer.get_absolute_url())
    assert "Platform fee" in response.text and "GBP 80" in response.text  # 20% of 400
    assert "Continue" not in response.text


@pytest.mark.parametrize("status", [OfferStatus.DRAFT, OfferStatus.PAUSED])
def test_an_unlisted_offer_is_the_sellers_alone(client, freelancer, stranger, status):
    offer = OfferFactory.create(freelancer=freelancer, status=status)
    client.force_login(stranger)
    assert client.get(offer.get_absolute_url()).status_code == 404
    client.force_login(freelancer)
    assert client.get(offer.get_absolute_url()).status_code == 200


def test_a_hidden_offer_is_gone_for_visitors(client, freelancer):
    offer = OfferFactory.create(freelancer=freelancer, is_hidden=True, hidden_reason="Spam")
    assert client.get(offer.get_absolute_url()).status_code == 404
    client.force_login(freelancer)
    assert "Their note: Spam" in client.get(offer.get_absolute_url()).text


def test_buying_needs_sign_in(client, offer):
    response = client.get(f"/offers/{offer.slug}/buy/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_confirmation_shows_the_total_then_buying_opens_the_contract(
    client, offer, client_user
):
    """GET confirms GBP 650 with the extra; POST buys, asks for a transfer, opens the contract."""
    client.force_login(client_user)
    extra = offer.extras.get()
    confirm = client.get(f"/offers/{offer.slug}/buy/", {"extras": [extra.pk]})
    assert confirm.status_code == 200
    assert "GBP 650" in confirm.text and "7 days" in confirm.text
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', confirm.text)
    assert key is not None
    data = {"extras": [extra.pk], "idempotency_key": key.group(1)}
    response = client.post(f"/offers/{offer.slug}/buy/", data)
    contract = Contract.objects.get(order__offer=offer)
    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    client.post(f"/offers/{offer.slug}/buy/", data)  # a double click buys once
    assert OfferOrder.objects.count() == 1
    page = client.get(contract.get_absolute_url())
    assert page.status_code == 200
    assert offer.title in page.text and "The offer's page" in page.text
    assert "bank transfer" in page.text.lower()


def test_an_extra_of_another_offer_is_refused(client, offer, client_user):
    client.force_login(client_user)
    foreign = OfferExtraFactory.create()
    response = client.get(f"/offers/{offer.slug}/buy/", {"extras": [foreign.pk]})
    assert response.status_code == 400
    response = client.post(
        f"/offers/{offer.slug}/buy/", {"extras": [foreign.pk], "idempotency_key": "k"}
    )
    assert response.status_code == 400
    assert not OfferOrder.objects.exists()


def test_the_seller_cannot_buy_their_own_offer(client, offer, freelancer):
    client.force_login(freelancer)
    response = client.post(f"/offers/{offer.slug}/buy/", {"idempotency_key": "k"})
    assert response.status_code == 302
    assert not OfferOrder.objects.exists()


def test_a_paused_offer_cannot_be_bought(client, freelancer, client_user):
    offer = OfferFactory.create(freelancer=freelancer, status=OfferStatus.PAUSED)
    client.force_login(client_user)
    response = client.post(f"/offers/{offer.slug}/buy/", {"idempotency_key": "k"})
    assert response.status_code == 404
    assert not OfferOrder.objects.exists()


def test_a_freelancer_creates_an_offer_with_extras(client, freelancer):
    client.force_login(freelancer)
    assert client.get("/offers/new/").status_code == 200
    data = {
        "title": "Roadmap review",
        "category": "roadmap",
        "description": "I review your roadmap.",
        "deliverables": "Notes\nA call",
        "price": "150",
        "currency": "GBP",
        "delivery_days": "4",
        "revisions": "1",
        "extras-TOTAL_FORMS": "2",
        "extras-INITIAL_FORMS": "0",
        "extras-0-title": "Slides",
        "extras-0-price": "30",
        "extras-0-extra_days": "1",
        "publish": "1",
    }
    response = client.post("/offers/new/", data)
    offer = Offer.objects.get(title="Roadmap review")
    assert response.status_code == 302 and response["Location"] == offer.get_absolute_url()
    assert (offer.price, offer.status) == (15_000, OfferStatus.PUBLISHED)
    assert list(offer.extras.values_list("title", "price", "extra_days")) == [("Slides", 3_000, 1)]


def test_a_bad_offer_form_answers_400_and_stores_nothing(client, freelancer):
    client.force_login(freelancer)
    data = {"title": "", "extras-TOTAL_FORMS": "1", "extras-INITIAL_FORMS": "0"}
    assert client.post("/offers/new/", data).status_code == 400
    assert not Offer.objects.exists()


def test_someone_else_cannot_edit_or_pause_an_offer(client, offer, stranger):
    client.force_login(stranger)
    assert client.get(f"/offers/{offer.slug}/edit/").status_code == 404
    assert client.post(f"/offers/{offer.slug}/actions/pause/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED


def test_my_offers_lists_and_pauses_the_sellers_offers(client, offer, freelancer):
    client.force_login(freelancer)
    page = client.get("/offers/mine/")
    assert offer.title in page.text and "Create an offer" in page.text
    client.post(f"/offers/{offer.slug}/actions/pause/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PAUSED


def test_the_freelancer_profile_lists_their_offers(client, offer):
    response = client.get("/freelancers/finn/")
    assert offer.title in response.text
