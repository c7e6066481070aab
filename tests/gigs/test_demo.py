"""seed_demo's marketplace: the demo client's gigs and the demo freelancer, created once."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from gigs.models import (
    Contract,
    FreelancerProfile,
    Gig,
    LedgerTransaction,
    PayoutMethod,
    Proposal,
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
    assert Proposal.objects.filter(freelancer=profile.user).count() == 3
    before = rows()
    seed()
    assert rows() == before


def test_seed_makes_a_contract_paid_through_escrow():
    """recruiter1 hired candidate: milestones released, submitted and funded, by the ledger."""
    seed()
    contract = Contract.objects.get(client__email="recruiter1@example.com")
    assert contract.freelancer.email == "candidate@example.com"
    statuses = list(contract.milestones.order_by("position").values_list("status", flat=True))
    assert statuses == ["released", "submitted", "funded"]
    kinds = sorted(LedgerTransaction.objects.values_list("kind", flat=True))
    assert kinds == ["deposit", "fund", "fund", "fund", "release"]
    assert contract.gig.status == "in_progress"
