"""A gig from posting to payment, in the browser: hire, fund, submit, release, get paid."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from gigs.models import FundingRequest
from gigs.services import contracts
from tests.accounts.factories import PASSWORD, UserFactory
from tests.gigs.factories import FreelancerProfileFactory

pytestmark = pytest.mark.e2e


def sign_in(open_page, email):
    tab = open_page("/accounts/login/")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign In").click()
    expect(tab.get_by_role("navigation", name="Account")).to_be_visible()
    return tab


def test_client_hires_funds_and_releases_and_freelancer_is_paid(open_page):
    """Post a GBP 1,000 gig, propose, accept, fund by transfer, submit, release: the freelancer's
    contract page shows GBP 862.50 received (GBP 137.50 fee: 20% of 500, 7.5% of 500)."""
    UserFactory.create(email="clara@example.com", name="Clara Client")
    freelancer = UserFactory.create(email="finn@example.com", name="Finn Freelancer")
    FreelancerProfileFactory.create(user=freelancer, slug="finn")
    staff = UserFactory.create(email="ada@example.com", is_staff=True)

    client = sign_in(open_page, "clara@example.com")
    client.goto("/gigs/post/")
    client.get_by_label("Title").fill("Write our onboarding PRD")
    client.get_by_label("Category").select_option("requirements")
    client.get_by_label("Description").fill("A PRD with success metrics.")
    client.get_by_label("Budget from").fill("800")
    client.get_by_label("Budget to").fill("1200")
    client.get_by_label("Currency").select_option("GBP")
    client.get_by_role("button", name="Publish").click()
    expect(client.get_by_role("heading", name="Write our onboarding PRD")).to_be_visible()
    gig_url = client.url

    worker = sign_in(open_page, "finn@example.com")
    worker.goto(gig_url)
    worker.get_by_label("Approach").fill("Interview, draft, review.")
    worker.get_by_label("Relevant experience").fill("Five years of onboarding work.")
    worker.get_by_label("Your price (GBP)").fill("1000")
    worker.get_by_label("Timeline").fill("3 weeks")
    worker.get_by_role("button", name="Send the proposal").click()
    expect(worker.get_by_text("Your proposal is sent")).to_be_visible()

    client.goto(gig_url + "proposals/")
    client.get_by_role("button", name="Accept and hire").click()
    expect(client.get_by_text("Hired: your contract is open")).to_be_visible()
    contract_url = client.url
    assert re.search(r"/gigs/contracts/\d+/$", contract_url)
    expect(client.get_by_text("GBP 862.50")).to_be_visible()  # the preview, before any money

    client.get_by_role("button", name="Fund GBP 1,000").click()
    expect(client.get_by_text("Waiting for your transfer")).to_be_visible()
    # Staff record the client's bank transfer (the admin action calls this service).
    request = FundingRequest.objects.get()
    contracts.funding_record(
        actor=User.objects.get(pk=staff.pk),
        funding=request,
        amount=100_000,
        currency="GBP",
        idempotency_key="e2e-transfer",
    )

    worker.goto(contract_url)
    worker.get_by_role("button", name="Submit the work").click()
    expect(worker.get_by_text("Submitted: the client reviews")).to_be_visible()

    client.goto(contract_url)
    client.get_by_role("button", name="Release GBP 1,000").click()
    expect(client.get_by_text("Released: the freelancer is paid")).to_be_visible()

    worker.goto(contract_url)
    expect(worker.get_by_test_id("received")).to_have_text("GBP 862.50")
    expect(worker.get_by_text("Completed.")).to_be_visible()
