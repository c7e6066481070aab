"""seed_demo's marketplace: the demo client's gigs and the demo freelancer, created once."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from gigs import review_selectors, selectors
from gigs.domain import ContractStatus, milestone_subject
from gigs.models import (
    Contract,
    FreelancerProfile,
    Gig,
    LedgerTransaction,
    Payout,
    PayoutMethod,
    Proposal,
    Review,
)

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", allow_production=not settings.EMBEDDED, stdout=io.StringIO())


def rows():
    return (
        Gig.objects.count(),
        Proposal.objects.count(),
        FreelancerProfile.objects.count(),
        PayoutMethod.objects.count(),
        Contract.objects.count(),
        LedgerTransaction.objects.count(),
    )


def test_seed_makes_a_client_and_a_freelancer_once():
    """recruiter1 posts gigs in several categories and currencies; candidate proposes; once."""
    seed()
    gigs = Gig.objects.filter(client__email="recruiter1@example.com")
    assert gigs.values("category").distinct().count() >= 4
    assert gigs.values("currency").distinct().count() >= 3
    profile = FreelancerProfile.objects.get(user__email="candidate@example.com")
    assert profile.portfolio_items.exists()
    # Two proposals on open gigs, and one behind each of the five contracts (the fixed
    # escrow one, the hourly one and three that were reviewed).
    assert Proposal.objects.filter(freelancer=profile.user).count() == 7
    before = rows()
    seed()
    assert rows() == before


def test_seed_makes_a_contract_paid_through_escrow():
    """recruiter1 hired candidate: milestones released, submitted and funded, by the ledger."""
    seed()
    contract = Contract.objects.get(gig__slug="pricing-research-northwind")
    assert contract.freelancer.email == "candidate@example.com"
    statuses = list(contract.milestones.order_by("position").values_list("status", flat=True))
    assert statuses == ["released", "submitted", "funded"]
    subjects = [milestone_subject(pk) for pk in contract.milestones.values_list("pk", flat=True)]
    moves = LedgerTransaction.objects.filter(subject__in=subjects)
    assert sorted(moves.values_list("kind", flat=True)) == ["fund", "fund", "fund", "release"]
    assert contract.gig is not None and contract.gig.status == "in_progress"


def test_seed_makes_an_hourly_contract_with_a_paid_and_a_waiting_week():
    """recruiter1 hired candidate by the hour: escrow topped up, one week paid, one waiting."""
    from gigs import hour_selectors

    seed()
    contract = Contract.objects.get(client__email="recruiter1@example.com", contract_type="hourly")
    assert contract.freelancer.email == "candidate@example.com"
    statuses = list(contract.hour_logs.order_by("week").values_list("status", flat=True))
    assert statuses == ["approved", "submitted"]
    paid = contract.hour_logs.get(status="approved")
    assert hour_selectors.hourly_held(contract=contract) == 150_000 - paid.amount
    assert LedgerTransaction.objects.filter(kind="release", subject=paid.subject).exists()
    before = rows()
    seed()
    assert rows() == before


def test_seed_moves_demo_money_once():
    """The demo freelancer has money available, one payout sent and one pending; once."""
    seed()
    freelancer = FreelancerProfile.objects.get(user__email="candidate@example.com").user
    (row,) = selectors.own_balances(user=freelancer)
    assert (row.payout_pending, row.paid_out) == (20_000, 40_000)
    assert row.available > 0
    before = (LedgerTransaction.objects.count(), Payout.objects.count())
    seed()
    assert (LedgerTransaction.objects.count(), Payout.objects.count()) == before


def test_seed_reviews_finished_contracts_both_ways_and_leaves_one_blind():
    """Two completed contracts reviewed by both sides, one review still blind; once."""
    seed()
    freelancer = FreelancerProfile.objects.get(user__email="candidate@example.com").user
    finished = Contract.objects.filter(freelancer=freelancer, status=ContractStatus.COMPLETED)
    both_ways = [c for c in finished if c.reviews.filter(published_at__isnull=False).count() == 2]
    assert len(both_ways) >= 2
    assert {c.client.email for c in both_ways} == {"recruiter1@example.com"}
    (blind,) = Review.objects.filter(published_at__isnull=True)
    assert blind.subject == freelancer
    closes = review_selectors.window_closes(blind.contract)
    assert closes is not None and closes > timezone.now()
    rating = review_selectors.ratings(user=freelancer).freelancer
    assert (str(rating.average), rating.count) == ("4.5", 2)
    assert review_selectors.ratings(user=both_ways[0].client).client.count == 2
    before = Review.objects.count()
    seed()
    assert Review.objects.count() == before


def test_seed_makes_offers_and_a_funded_order_once():
    """candidate sells offers in three categories and currencies; recruiter1 bought one, with
    an extra, and its one milestone is funded; a second run adds nothing."""
    from gigs.models import Offer, OfferOrder

    seed()
    offers = Offer.objects.filter(freelancer__email="candidate@example.com").listed()
    assert offers.values("category").distinct().count() == 3
    assert offers.values("currency").distinct().count() == 3
    assert all(offer.extras.exists() for offer in offers)
    order = OfferOrder.objects.get(buyer__email="recruiter1@example.com")
    assert order.total == order.base_price + sum(extra["price"] for extra in order.extras) > 0
    assert list(order.contract.milestones.values_list("status", "amount")) == [
        ("funded", order.total)
    ]
    before = (Offer.objects.count(), OfferOrder.objects.count(), *rows())
    seed()
    assert (Offer.objects.count(), OfferOrder.objects.count(), *rows()) == before
