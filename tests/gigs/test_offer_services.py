"""Offers: writing one, publishing, pausing and hiding it, and buying it through release."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gigs import fees, selectors
from gigs.domain import BudgetType, ContractStatus, MilestoneStatus
from gigs.errors import IdempotencyConflict
from gigs.models import (
    AccountKind,
    Contract,
    LedgerEntry,
    LedgerTransaction,
    Milestone,
    OfferOrder,
    OfferStatus,
    TransactionKind,
)
from gigs.services import contracts, offers
from outbox.models import OutboxMessage
from tests.gigs.factories import OfferExtraFactory, OfferFactory, offer_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(freelancer):
    """Finn's published GBP 400 offer (5 days) with two extras: GBP 250 (+2 days), GBP 100."""
    offer = OfferFactory.create(freelancer=freelancer, slug="strategy")
    OfferExtraFactory.create(offer=offer, title="Competitor teardown", price=25_000, extra_days=2)
    OfferExtraFactory.create(offer=offer, title="Second call", price=10_000, extra_days=0)
    return offer


def extra_ids(offer, *titles):
    return [e.pk for e in offer.extras.all() if e.title in titles]


def nothing_bought():
    return not (OfferOrder.objects.exists() or Contract.objects.exists())


# --- Writing an offer -----------------------------------------------------------------------


def test_a_freelancer_drafts_an_offer_with_extras(freelancer):
    """The offer starts as an unlisted draft, currency upper-cased, extras stored."""
    created = offers.offer_create(
        user=freelancer,
        fields=offer_fields(),
        extras=[{"title": "Extra call", "price": 5_000, "extra_days": 1}],
    )
    assert created.status == OfferStatus.DRAFT and created.currency == "GBP"
    assert created.slug.startswith("a-one-page-product-strategy")
    assert [(e.title, e.price) for e in created.extras.all()] == [("Extra call", 5_000)]


def test_only_a_freelancer_with_a_profile_offers_a_service(stranger):
    with pytest.raises(PermissionDenied):
        offers.offer_create(user=stranger, fields=offer_fields())


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", 0), ("currency", "XYZ"), ("delivery_days", 0), ("title", "")],
)
def test_bad_offer_fields_are_refused(freelancer, field, value):
    """Each bad field is named in the error and nothing is stored."""
    with pytest.raises(ValidationError) as error:
        offers.offer_create(user=freelancer, fields=offer_fields(**{field: value}))
    assert field in error.value.message_dict
    assert not freelancer.offers.exists()


def test_an_extra_with_no_price_is_refused(freelancer):
    with pytest.raises(ValidationError) as error:
        offers.offer_create(
            user=freelancer, fields=offer_fields(), extras=[{"title": "Free", "price": 0}]
        )
    assert "extras" in error.value.message_dict
    assert not freelancer.offers.exists()


def test_the_seller_edits_extras_in_place(offer, freelancer):
    """Extras named by id are edited, new ones added, the rest removed."""
    teardown = extra_ids(offer, "Competitor teardown")[0]
    offers.offer_update(
        offer=offer,
        user=freelancer,
        fields={"price": 45_000},
        extras=[{"id": teardown, "price": 30_000}, {"title": "Slides", "price": 7_500}],
    )
    offer.refresh_from_db()
    assert offer.price == 45_000
    rows = [(e.pk == teardown, e.title, e.price) for e in offer.extras.order_by("id")]
    assert rows == [(True, "Competitor teardown", 30_000), (False, "Slides", 7_500)]


def test_someone_else_cannot_edit_an_offer(offer, stranger):
    with pytest.raises(PermissionDenied):
        offers.offer_update(offer=offer, user=stranger, fields={"price": 1})
    offer.refresh_from_db()
    assert offer.price == 40_000


def test_an_extra_of_another_offer_cannot_be_edited_through_this_one(offer, freelancer):
    foreign = OfferExtraFactory.create()
    with pytest.raises(ValidationError):
        offers.offer_update(
            offer=offer, user=freelancer, fields={}, extras=[{"id": foreign.pk, "price": 1}]
        )
    foreign.refresh_from_db()
    assert foreign.price == 10_000


def test_publish_and_pause(freelancer):
    """A draft is published (dated once), paused, and published again."""
    offer = OfferFactory.create(freelancer=freelancer, status=OfferStatus.DRAFT)
    offers.offer_publish(offer=offer, user=freelancer)
    offer.refresh_from_db()
    published_at = offer.published_at
    assert offer.status == OfferStatus.PUBLISHED and published_at is not None
    offers.offer_pause(offer=offer, user=freelancer)
    offers.offer_publish(offer=offer, user=freelancer)
    offer.refresh_from_db()
    assert (offer.status, offer.published_at) == (OfferStatus.PUBLISHED, published_at)


def test_pausing_a_draft_is_refused(freelancer):
    offer = OfferFactory.create(freelancer=freelancer, status=OfferStatus.DRAFT)
    with pytest.raises(offers.TransitionError):
        offers.offer_pause(offer=offer, user=freelancer)


def test_someone_else_cannot_pause_an_offer(offer, stranger):
    with pytest.raises(PermissionDenied):
        offers.offer_pause(offer=offer, user=stranger)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED


def test_staff_hide_an_offer_with_a_reason_and_unhide_it(offer, staff_user):
    offers.offer_hide(offer=offer, moderator=staff_user, reason="Misleading delivery time")
    offer.refresh_from_db()
    assert offer.is_hidden and offer.hidden_reason == "Misleading delivery time"
    offers.offer_unhide(offer=offer, moderator=staff_user)
    offer.refresh_from_db()
    assert not offer.is_hidden and offer.hidden_reason == ""


def test_hiding_needs_a_reason(offer, staff_user):
    with pytest.raises(ValidationError):
        offers.offer_hide(offer=offer, moderator=staff_user, reason="  ")
    offer.refresh_from_db()
    assert not offer.is_hidden


def test_only_staff_hide_an_offer(offer, freelancer):
    with pytest.raises(PermissionDenied):
        offers.offer_hide(offer=offer, moderator=freelancer, reason="Mine")
    offer.refresh_from_db()
    assert not offer.is_hidden


# --- Buying ---------------------------------------------------------------------------------


def test_buying_makes_a_fixed_contract_with_one_milestone_for_the_total(
    offer, client_user, freelancer
):
    """Price plus extras, delivery plus their days, the seller told of the new order."""
    purchase = offers.offer_buy(
        offer=offer, buyer=client_user, extra_ids=extra_ids(offer, "Competitor teardown")
    )
    order, contract, milestone = purchase.order, purchase.contract, purchase.milestone
    assert (order.total, order.currency, order.delivery_days) == (65_000, "GBP", 7)
    assert order.extras == [
        {
            "id": extra_ids(offer, "Competitor teardown")[0],
            "title": "Competitor teardown",
            "price": 25_000,
            "extra_days": 2,
        }
    ]
    assert (contract.client, contract.freelancer) == (client_user, freelancer)
    assert (contract.contract_type, contract.price, contract.order) == (
        BudgetType.FIXED,
        65_000,
        order,
    )
    assert contract.gig is None and contract.proposal is None
    assert contract.title == offer.title and contract.source_url == offer.get_absolute_url()
    assert list(contract.milestones.values_list("title", "amount")) == [(offer.title, 65_000)]
    assert milestone.due_date == timezone.localdate() + timedelta(days=7)
    assert milestone.agreed_at is not None
    ordered = [m.kwargs for m in OutboxMessage.objects.all() if m.kwargs.get("kind") == "ordered"]
    assert [m["recipient_id"] for m in ordered] == [freelancer.pk]


def test_an_order_keeps_the_prices_it_was_bought_at(offer, client_user, freelancer):
    purchase = offers.offer_buy(
        offer=offer, buyer=client_user, extra_ids=extra_ids(offer, "Second call")
    )
    offers.offer_update(offer=offer, user=freelancer, fields={"price": 99_000}, extras=[])
    order = OfferOrder.objects.get(pk=purchase.order.pk)
    assert (order.base_price, order.total, order.extras[0]["price"]) == (40_000, 50_000, 10_000)


def test_purchase_through_release_pays_the_seller_the_total_less_the_fee(
    offer, client_user, freelancer, staff_user
):
    """GBP 650 bought with funds short: staff record the transfer, the seller delivers, the
    client releases; the fee is 20% of 500 and 7.5% of 150, GBP 111.25, as gigs.fees says."""
    purchase = offers.offer_buy(
        offer=offer,
        buyer=client_user,
        extra_ids=extra_ids(offer, "Competitor teardown"),
        idempotency_key="buy-1",
    )
    assert purchase.request is not None
    assert (purchase.request.amount, purchase.request.currency) == (65_000, "GBP")
    assert purchase.milestone.status == MilestoneStatus.PROPOSED
    funded = contracts.funding_record(
        actor=staff_user,
        funding=purchase.request,
        amount=65_000,
        currency="GBP",
        idempotency_key="transfer-1",
    )
    assert isinstance(funded, Milestone) and funded.status == MilestoneStatus.FUNDED
    contracts.milestone_submit(milestone=funded, user=freelancer)
    released = contracts.milestone_release(milestone=funded, user=client_user, idempotency_key="r")
    assert released.status == MilestoneStatus.RELEASED
    fee = LedgerEntry.objects.get(account__kind=AccountKind.PLATFORM_FEES).amount
    expected = fees.round_half_up(
        fees.marginal_fee(fees.DEFAULT_TIERS, billed_before=0, amount=65_000)
    )
    assert fee == expected == 11_125
    assert selectors.balances(owner=freelancer)[("available", "GBP")] == 65_000 - 11_125 == 53_875
    contract = Contract.objects.get(pk=purchase.contract.pk)
    assert contract.status == ContractStatus.COMPLETED


def test_buying_with_enough_funds_funds_the_milestone_at_once(
    offer, client_user, freelancer, deposit
):
    deposit(client_user, 40_000)
    purchase = offers.offer_buy(offer=offer, buyer=client_user)
    assert purchase.request is None
    assert purchase.milestone.status == MilestoneStatus.FUNDED
    assert selectors.balances(owner=client_user).get(("client_funds", "GBP"), 0) == 0


def test_a_replayed_buy_answers_the_same_order(offer, client_user, deposit):
    """The same key and request buys once and funds once."""
    deposit(client_user, 40_000)
    first = offers.offer_buy(offer=offer, buyer=client_user, idempotency_key="k")
    again = offers.offer_buy(offer=offer, buyer=client_user, idempotency_key="k")
    assert again.order == first.order and again.contract == first.contract
    assert again.milestone.status == MilestoneStatus.FUNDED
    assert OfferOrder.objects.count() == 1
    assert LedgerTransaction.objects.filter(kind=TransactionKind.FUND).count() == 1


def test_a_key_reused_for_another_purchase_is_refused(offer, client_user):
    offers.offer_buy(offer=offer, buyer=client_user, idempotency_key="k")
    with pytest.raises(IdempotencyConflict):
        offers.offer_buy(
            offer=offer,
            buyer=client_user,
            extra_ids=extra_ids(offer, "Second call"),
            idempotency_key="k",
        )
    assert OfferOrder.objects.count() == 1


def test_buying_your_own_offer_is_refused(offer, freelancer):
    with pytest.raises(PermissionDenied):
        offers.offer_buy(offer=offer, buyer=freelancer)
    assert nothing_bought()


@pytest.mark.parametrize("status", [OfferStatus.PAUSED, OfferStatus.DRAFT])
def test_an_offer_not_published_cannot_be_bought(freelancer, client_user, status):
    offer = OfferFactory.create(freelancer=freelancer, status=status)
    with pytest.raises(offers.TransitionError):
        offers.offer_buy(offer=offer, buyer=client_user)
    assert nothing_bought()


def test_a_hidden_offer_cannot_be_bought(offer, client_user, staff_user):
    offers.offer_hide(offer=offer, moderator=staff_user, reason="Under review")
    with pytest.raises(offers.TransitionError):
        offers.offer_buy(offer=offer, buyer=client_user)
    assert nothing_bought()


def test_an_extra_of_another_offer_cannot_be_bought(offer, client_user):
    foreign = OfferExtraFactory.create()
    with pytest.raises(ValidationError) as error:
        offers.offer_buy(offer=offer, buyer=client_user, extra_ids=[foreign.pk])
    assert "extras" in error.value.message_dict
    assert nothing_bought()


def test_a_currency_other_than_the_offers_is_refused(offer, client_user):
    with pytest.raises(ValidationError) as error:
        offers.offer_buy(offer=offer, buyer=client_user, currency="EUR")
    assert "currency" in error.value.message_dict
    assert nothing_bought()


def test_ending_an_unfunded_order_cancels_it(offer, client_user):
    """A contract from an order ends like any other, with no gig to move."""
    from gigs.services import lifecycle

    purchase = offers.offer_buy(offer=offer, buyer=client_user)
    ended = lifecycle.contract_end(contract=purchase.contract, user=client_user)
    assert ended.status == ContractStatus.CANCELLED
    assert Milestone.objects.get(pk=purchase.milestone.pk).status == MilestoneStatus.CANCELLED


def test_the_seller_is_emailed_of_a_new_order_once_it_commits(
    offer, client_user, freelancer, django_capture_on_commit_callbacks
):
    """The e-mail names the offer and the total and links the contract."""
    with django_capture_on_commit_callbacks(execute=True):
        purchase = offers.offer_buy(offer=offer, buyer=client_user)
    sent = [m for m in mail.outbox if m.subject == f"New order: {offer.title}"]
    assert [m.to for m in sent] == [[freelancer.email]]
    assert "GBP 400" in sent[0].body
    assert purchase.contract.get_absolute_url() in sent[0].body


def test_the_orders_contract_thread_is_named_after_the_offer(offer, client_user):
    """Messaging's contract threads read the contract's title, which an order supplies."""
    from messaging import services as messaging

    purchase = offers.offer_buy(offer=offer, buyer=client_user)
    thread = messaging.thread_for_contract(contract=purchase.contract, user=client_user)
    assert thread.subject_label == f"Contract: {offer.title}"
