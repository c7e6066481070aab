"""Messaging in the browser: one side sends, the other sees it arrive without reloading."""

import pytest
from playwright.sync_api import expect

from gigs.services import lifecycle
from messaging import services, views
from tests.accounts.factories import PASSWORD, UserFactory
from tests.gigs.factories import FreelancerProfileFactory, GigFactory, ProposalFactory

pytestmark = pytest.mark.e2e

# The thread page polls every 10 seconds; here every second, so the test waits for a poll
# without idling through a real interval. A message shows within one poll.
POLL_SECONDS = 1
ARRIVAL_MS = 15_000


def sign_in(open_page, email):
    tab = open_page("/accounts/login/")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign In").click()
    expect(tab.get_by_role("navigation", name="Account")).to_be_visible()
    return tab


def test_a_message_arrives_on_the_other_side_without_reload(open_page, console_errors, monkeypatch):
    """The client opens the contract's thread and writes; the freelancer's open thread page shows
    the message by polling, with its link clickable, and no page load happens in between."""
    monkeypatch.setattr(views, "POLL_SECONDS", POLL_SECONDS)
    client_user = UserFactory.create(email="clara@example.com", name="Clara Client")
    freelancer = UserFactory.create(email="finn@example.com", name="Finn Freelancer")
    FreelancerProfileFactory.create(user=freelancer, slug="finn")
    proposal = ProposalFactory.create(
        gig=GigFactory.create(client=client_user),
        freelancer=freelancer,
        price=100_000,
        milestones=[{"title": "All of it", "amount": 100_000}],
    )
    contract = lifecycle.proposal_accept(proposal=proposal, user=client_user)
    thread = services.thread_for_contract(contract=contract, user=client_user)

    worker = sign_in(open_page, "finn@example.com")
    worker.goto(f"/messages/{thread.pk}/")
    expect(worker.get_by_text("No messages yet")).to_be_visible()
    loads = []
    worker.on("load", lambda page: loads.append(page.url))

    boss = sign_in(open_page, "clara@example.com")
    boss.goto(contract.get_absolute_url())
    boss.get_by_role("button", name="Message").click()
    expect(boss.get_by_role("heading", name="Finn Freelancer")).to_be_visible()
    boss.get_by_label("Your message").fill("Kick-off notes: https://example.com/notes")
    boss.get_by_role("button", name="Send").click()
    # The sender's own page shows it at once: the reply asks the poller to fetch.
    expect(boss.locator("#message-list")).to_contain_text("Kick-off notes")
    expect(boss.get_by_label("Your message")).to_have_value("")

    arrived = worker.locator("#message-list .chat-message")
    expect(arrived).to_contain_text("Kick-off notes", timeout=ARRIVAL_MS)
    link = arrived.get_by_role("link", name="https://example.com/notes")
    expect(link).to_have_attribute("rel", "nofollow noopener noreferrer")
    expect(worker.get_by_text("No messages yet")).to_have_count(0)
    assert loads == []

    worker.get_by_label("Your message").fill("Thanks, reading them now.")
    worker.get_by_role("button", name="Send").click()
    expect(boss.locator("#message-list")).to_contain_text("reading them now", timeout=ARRIVAL_MS)
    assert console_errors == []
