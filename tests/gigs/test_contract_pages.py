"""The contract pages and forms: who sees them, what they show, and the buttons' wiring."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gigs.domain import MilestoneStatus
from gigs.models import Contract, LedgerTransaction, Milestone, TransactionKind
from gigs.services import contracts as services
from gigs.services import lifecycle
from gigs.services.fees import fee_schedule_default
from tests.gigs.factories import GigFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def page(client, contract):
    return client.get(reverse("gigs:contract", args=[contract.pk]))


def action_url(contract, milestone, action):
    return reverse("gigs:milestone_action", args=[contract.pk, milestone.pk, action])


def form_key(html, milestone, action):
    """The idempotency key the page drew into a milestone's button."""
    form = re.search(
        rf'action="/gigs/contracts/\d+/milestones/{milestone.pk}/{action}/".*?</form>',
        html,
        re.S,
    )
    assert form, f"no {action} button"
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form.group(0))
    assert key, f"no key in the {action} button"
    return key.group(1)


def to_submitted(contract, client_user, freelancer, deposit):
    milestone = contract.milestones.order_by("position").first()
    deposit(client_user, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client_user)
    return services.milestone_submit(milestone=milestone, user=freelancer)


def test_client_accepts_from_the_proposals_page(client, gig, client_user, freelancer):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    client.force_login(client_user)
    listing = client.get(reverse("gigs:proposals", args=[gig.slug]))
    assert b"Accept and hire" in listing.content
    response = client.post(reverse("gigs:proposal_action", args=[proposal.pk, "accept"]))
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == contract.get_absolute_url()


def test_freelancer_cannot_accept_their_own_proposal(client, gig, freelancer):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    client.force_login(freelancer)
    response = client.post(reverse("gigs:proposal_action", args=[proposal.pk, "accept"]))
    assert response.status_code == 403
    assert not Contract.objects.exists()


def test_client_sees_fee_preview_and_fund_buttons(client, contract, client_user):
    """Before anyone commits, each milestone shows the fee and what the freelancer receives."""
    client.force_login(client_user)
    response = page(client, contract)
    html = response.content.decode()
    assert response.status_code == 200
    assert "GBP 137.50" in html and "GBP 862.50" in html
    assert "Fund GBP 1,000" in html
    assert "Submit the work" not in html


def test_freelancer_sees_submit_not_fund(client, contract, client_user, freelancer, deposit):
    milestone = contract.milestones.order_by("position").first()
    deposit(client_user, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client_user)
    client.force_login(freelancer)
    html = page(client, contract).content.decode()
    assert "Submit the work" in html
    assert "Fund GBP" not in html


def test_strangers_get_404_and_staff_read(client, contract, stranger, staff_user):
    client.force_login(stranger)
    assert page(client, contract).status_code == 404
    client.force_login(staff_user)
    assert page(client, contract).status_code == 200


def test_anonymous_are_sent_to_sign_in(client, contract):
    response = page(client, contract)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_funding_short_shows_transfer_instructions(client, contract, client_user):
    milestone = contract.milestones.order_by("position").first()
    client.force_login(client_user)
    key = form_key(page(client, contract).content.decode(), milestone, "fund")
    response = client.post(action_url(contract, milestone, "fund"), {"idempotency_key": key})
    assert response.status_code == 302
    html = page(client, contract).content.decode()
    assert "Waiting for your transfer" in html
    assert re.search(r"quoting the reference PMG-[A-Z0-9]{10}", html)


def test_release_form_replayed_releases_once(client, contract, client_user, freelancer, deposit):
    """A double-submitted release form (same key) moves the money once and says so twice."""
    milestone = to_submitted(contract, client_user, freelancer, deposit)
    client.force_login(client_user)
    key = form_key(page(client, contract).content.decode(), milestone, "release")
    for _ in range(2):
        response = client.post(
            action_url(contract, milestone, "release"), {"idempotency_key": key}, follow=True
        )
        assert b"Released: the freelancer is paid" in response.content
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1


def test_money_form_without_key_moves_nothing(client, contract, client_user, freelancer, deposit):
    milestone = to_submitted(contract, client_user, freelancer, deposit)
    client.force_login(client_user)
    response = client.post(action_url(contract, milestone, "release"), follow=True)
    assert b"This form has expired" in response.content
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.SUBMITTED


def test_wrong_state_shows_a_message(client, contract, client_user):
    milestone = contract.milestones.order_by("position").first()
    client.force_login(client_user)
    response = client.post(
        action_url(contract, milestone, "release"), {"idempotency_key": "k1"}, follow=True
    )
    assert b"cannot be released" in response.content


def test_freelancer_sees_the_released_amount(client, contract, client_user, freelancer, deposit):
    milestone = to_submitted(contract, client_user, freelancer, deposit)
    services.milestone_release(milestone=milestone, user=client_user)
    client.force_login(freelancer)
    html = page(client, contract).content.decode()
    assert "Freelancer received" in html
    assert re.search(r'data-testid="received">GBP 862.50<', html)


def test_milestone_of_another_contract_is_404(client, contract, client_user, freelancer):
    other_gig = GigFactory.create(client=client_user)
    other = lifecycle.proposal_accept(
        proposal=ProposalFactory.create(gig=other_gig, freelancer=freelancer), user=client_user
    )
    foreign = other.milestones.get()
    client.force_login(client_user)
    response = client.post(action_url(contract, foreign, "fund"), {"idempotency_key": "k"})
    assert response.status_code == 404


def test_unknown_action_is_404(client, contract, client_user):
    milestone = contract.milestones.first()
    client.force_login(client_user)
    assert client.post(action_url(contract, milestone, "explode")).status_code == 404


def test_add_a_milestone_and_bad_amount(client, contract, freelancer):
    client.force_login(freelancer)
    url = reverse("gigs:milestone_add", args=[contract.pk])
    bad = client.post(url, {"title": "Extra", "amount": "-5"})
    assert bad.status_code == 400
    assert b"Ensure this value is greater than or equal to 0.01" in bad.content
    huge = client.post(url, {"title": "Extra", "amount": "999999999999"})
    assert huge.status_code == 400
    assert client.post(url, {"title": "Extra", "amount": "250"}).status_code == 302
    assert Milestone.objects.filter(contract=contract, title="Extra", amount=25_000).exists()


def test_contract_list_for_both_sides(client, contract, client_user, freelancer, stranger):
    for user in (client_user, freelancer):
        client.force_login(user)
        assert contract.gig.title.encode() in client.get(reverse("gigs:contracts")).content
    client.force_login(stranger)
    assert contract.gig.title.encode() not in client.get(reverse("gigs:contracts")).content


def test_contract_pages_queries_do_not_grow(
    client, client_user, freelancer, django_assert_max_num_queries
):
    """The list and a contract page cost the same with one contract or many milestones."""
    fee_schedule_default()
    made = []
    for n in range(6):
        gig = GigFactory.create(client=client_user)
        plan = [{"title": f"Step {i}", "amount": 10_000} for i in range(n + 1)]
        contract = lifecycle.proposal_accept(
            proposal=ProposalFactory.create(
                gig=gig, freelancer=freelancer, price=10_000 * (n + 1), milestones=plan
            ),
            user=client_user,
        )
        made.append(contract)
    client.force_login(client_user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("gigs:contracts")).status_code == 200
    counts = []
    for contract in (made[0], made[-1]):
        with CaptureQueriesContext(connection) as queries:
            assert page(client, contract).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 14


def test_gig_page_counts_hires(client, contract, gig):
    html = client.get(gig.get_absolute_url()).content.decode()
    assert re.search(r"<dt>Hires</dt><dd>1</dd>", html)
