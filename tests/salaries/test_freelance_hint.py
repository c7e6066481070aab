"""The proposal form's hint: what clients accepted on gigs like this one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gigs.domain import BudgetType, GigCategory
from gigs.models import OfferOrder
from salaries import rate_selectors
from salaries.services import benchmarks_refresh
from tests.accounts.factories import UserFactory
from tests.gigs.factories import (
    FreelancerProfileFactory,
    GigFactory,
    OfferFactory,
    ProposalFactory,
)

from .rate_data import HOURLY_DISCOVERY

pytestmark = pytest.mark.django_db


def test_proposal_form_shows_the_middle_half_of_gigs_like_this(client, rates):
    """On a discovery gig paid hourly in GBP: the 25th-75th percentile of its cell.

    Six rates of 60-110: p25 = 72.50 and p75 = 97.50, halves rounded up."""
    gig = GigFactory.create(**HOURLY_DISCOVERY)
    freelancer = FreelancerProfileFactory.create().user
    client.force_login(freelancer)
    html = client.get(gig.get_absolute_url()).content.decode()
    assert "Accepted proposals for gigs like this: <strong>GBP 73 – 98 an hour</strong>" in html


def test_proposal_form_shows_nothing_for_an_unpublished_cell(client, rates):
    """Analytics (three proposals) and fixed prices (none) get no hint."""
    client.force_login(FreelancerProfileFactory.create().user)
    for gig in (
        GigFactory.create(budget_type=BudgetType.HOURLY, category=GigCategory.ANALYTICS),
        GigFactory.create(budget_type=BudgetType.FIXED, category=GigCategory.DISCOVERY),
    ):
        assert "gigs like this" not in client.get(gig.get_absolute_url()).content.decode()


def test_proposal_form_hint_costs_one_query(client, rates, monkeypatch):
    """The hint adds exactly one query to the gig page with the proposal form."""
    gig = GigFactory.create(**HOURLY_DISCOVERY)
    client.force_login(FreelancerProfileFactory.create().user)
    client.get(gig.get_absolute_url())  # warm the session and caches

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(gig.get_absolute_url())
        return len(queries)

    with_hint = page_queries()
    monkeypatch.setattr(rate_selectors, "proposal_hint", lambda gig: None)
    assert with_hint - page_queries() == 1


def test_edit_form_and_a_refused_proposal_keep_the_hint(client, rates):
    """Editing one's proposal, and a proposal sent back with errors, show the hint too."""
    gig = GigFactory.create(**HOURLY_DISCOVERY)
    proposal = ProposalFactory.create(gig=gig, price=9_000)
    client.force_login(proposal.freelancer)
    edit = client.get(f"/gigs/proposals/{proposal.pk}/edit/").content.decode()
    assert "gigs like this" in edit
    other = FreelancerProfileFactory.create().user
    client.force_login(other)
    refused = client.post(f"/gigs/{gig.slug}/propose/", {"price": ""})
    assert refused.status_code == 400
    assert "gigs like this" in refused.content.decode()


def test_fixed_price_hint_says_it_counts_bought_offers(client):
    """Fixed-price cells count bought offers too, and the hint says so."""
    for total in (40_000, 45_000, 50_000, 55_000, 60_000):
        offer = OfferFactory.create(category=GigCategory.DISCOVERY, currency="GBP")
        OfferOrder.objects.create(
            offer=offer,
            buyer=UserFactory.create(),
            title=offer.title,
            base_price=total,
            total=total,
            currency="GBP",
            delivery_days=5,
        )
    benchmarks_refresh()
    gig = GigFactory.create(
        budget_type=BudgetType.FIXED, category=GigCategory.DISCOVERY, currency="GBP"
    )
    client.force_login(FreelancerProfileFactory.create().user)
    html = client.get(gig.get_absolute_url()).content.decode()
    assert "Accepted proposals and bought offers for gigs like this: <strong>GBP 450" in html
