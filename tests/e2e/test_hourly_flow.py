"""An hourly contract in the browser, on a phone: top up escrow, log a week, approve it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from gigs.domain import BudgetType
from gigs.models import Contract
from gigs.services import ledger, lifecycle
from tests.accounts.factories import PASSWORD, UserFactory
from tests.gigs.factories import FreelancerProfileFactory, GigFactory, ProposalFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def sign_in(open_page, email):
    tab = open_page("/accounts/login/", viewport=PHONE)
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign In").click()
    expect(tab.get_by_role("navigation", name="Account")).to_be_visible()
    return tab


def fits(tab):
    width, client = tab.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return width <= client


def test_week_logged_and_approved_on_a_phone(open_page):
    """GBP 90.00 an hour: the freelancer logs 7:30 (GBP 675); the client tops escrow up by
    GBP 1,000 and approves; escrow keeps GBP 325 and the freelancer receives GBP 561.87."""
    client_user = UserFactory.create(email="clara@example.com", name="Clara Client")
    freelancer = UserFactory.create(email="finn@example.com", name="Finn Freelancer")
    FreelancerProfileFactory.create(user=freelancer, slug="finn")
    staff = UserFactory.create(email="ada@example.com", is_staff=True)
    gig = GigFactory.create(
        client=client_user, budget_type=BudgetType.HOURLY, budget_min=6_000, budget_max=9_000
    )
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, price=9_000)
    contract = lifecycle.proposal_accept(proposal=proposal, user=client_user)
    Contract.objects.filter(pk=contract.pk).update(created_at=timezone.now() - timedelta(weeks=2))
    ledger.deposit_record(
        actor=User.objects.get(pk=staff.pk),
        client=client_user,
        amount=100_000,
        currency="GBP",
        reference="e2e-hours",
    )
    url = contract.get_absolute_url()

    worker = sign_in(open_page, "finn@example.com")
    worker.goto(url)
    worker.get_by_label("Week starting").select_option(index=1)
    worker.get_by_label("Hours worked").fill("7:30")
    worker.get_by_label("What you worked on").fill("Discovery interviews")
    worker.get_by_role("button", name="Submit the week").click()
    expect(worker.get_by_text("Logged 7 h 30 min (GBP 675)")).to_be_visible()
    assert fits(worker)

    client = sign_in(open_page, "clara@example.com")
    client.goto(url)
    client.get_by_label("Amount (GBP)").first.fill("1000")
    client.get_by_role("button", name="Add to escrow").click()
    expect(client.get_by_text("Added to escrow")).to_be_visible()
    client.get_by_role("button", name="Approve and pay GBP 675").click()
    expect(client.get_by_text("Approved: the freelancer is paid")).to_be_visible()
    expect(client.get_by_test_id("escrow-held")).to_have_text("GBP 325")
    assert fits(client)

    worker.goto(url)
    expect(worker.get_by_text("Approved and paid")).to_be_visible()
    expect(worker.get_by_test_id("received")).to_have_text("GBP 561.87")
