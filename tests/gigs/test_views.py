"""The gig pages' wiring: what each visitor sees, and the forms that call the services."""

import pytest

from gigs.domain import GigStatus, ProposalStatus
from gigs.models import Gig, Proposal
from tests.gigs.factories import GigFactory, PayoutMethodFactory, ProposalFactory


def test_list_shows_open_gigs_and_htmx_gets_results_alone(client, gig):
    response = client.get("/gigs/")
    assert response.status_code == 200
    assert gig.title in response.text
    assert 'role="search"' in response.text
    partial = client.get("/gigs/", headers={"HX-Request": "true"})
    assert gig.title in partial.text
    assert 'role="search"' not in partial.text


def test_list_with_bad_filters_answers_400(client, gig):
    response = client.get("/gigs/", {"budget_at_least": "100"})
    assert response.status_code == 400
    assert "Pick the currency" in response.text


def test_gig_page_shows_budget_history_and_the_proposal_form(client, gig, freelancer):
    client.force_login(freelancer)
    response = client.get(gig.get_absolute_url())
    assert response.status_code == 200
    assert "GBP 2,000 – 3,000" in response.text
    assert "Gigs posted" in response.text
    assert "Send a proposal" in response.text
    assert 'id="fee-preview"' in response.text


def test_gig_page_renders_markdown_sanitized(client, client_user):
    gig = GigFactory.create(client=client_user, description="**Bold** <script>alert(1)</script>")
    response = client.get(gig.get_absolute_url())
    assert "<strong>Bold</strong>" in response.text
    assert "<script>alert(1)" not in response.text


def test_propose_through_the_page(client, gig, freelancer):
    """A freelancer's web proposal is stored in minor units, milestones parsed."""
    client.force_login(freelancer)
    response = client.post(
        f"/gigs/{gig.slug}/propose/",
        {
            "approach": "Interviews first.",
            "experience": "Years of it.",
            "price": "2500",
            "timeline": "3 weeks",
            "milestone_plan": "Interviews: 1000\nPRD: 1,500",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.price == 250_000
    assert proposal.milestones == [
        {"title": "Interviews", "amount": 100_000},
        {"title": "PRD", "amount": 150_000},
    ]
    page = client.get(gig.get_absolute_url())
    assert "Your proposal" in page.text
    assert "Send a proposal" not in page.text


def test_propose_with_bad_milestones_shows_the_error(client, gig, freelancer):
    client.force_login(freelancer)
    response = client.post(
        f"/gigs/{gig.slug}/propose/",
        {
            "approach": "a",
            "experience": "b",
            "price": "2500",
            "timeline": "3 weeks",
            "milestone_plan": "Only half: 1000",
        },
    )
    assert response.status_code == 400
    assert "add up to" in response.text
    assert not Proposal.objects.exists()


def test_client_cannot_propose_on_own_gig(client, gig, client_user):
    client.force_login(client_user)
    response = client.post(f"/gigs/{gig.slug}/propose/", {"approach": "x"})
    assert response.status_code == 403


def test_strangers_get_404_for_a_proposal(client, gig, freelancer, stranger):
    """A third user sees neither the proposal's editor nor the gig's list of proposals."""
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, approach="secret plan")
    client.force_login(stranger)
    assert client.get(f"/gigs/proposals/{proposal.pk}/edit/").status_code == 404
    assert client.get(f"/gigs/{gig.slug}/proposals/").status_code == 404
    assert "secret plan" not in client.get(gig.get_absolute_url()).text


def test_client_declines_with_a_reason(client, gig, freelancer, client_user):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    client.force_login(client_user)
    listing = client.get(f"/gigs/{gig.slug}/proposals/")
    assert proposal.approach in listing.text
    response = client.post(
        f"/gigs/proposals/{proposal.pk}/actions/decline/", {"reason": "Too pricey."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.decline_reason == "Too pricey."


def test_post_a_gig_and_publish(client, client_user):
    client.force_login(client_user)
    response = client.post(
        "/gigs/post/",
        {
            "title": "Run discovery interviews",
            "category": "discovery",
            "description": "Ten interviews.",
            "budget_type": "fixed",
            "budget_min": "1500",
            "budget_max": "2500.50",
            "currency": "EUR",
            "duration": "weeks",
            "publish": "1",
        },
    )
    assert response.status_code == 302
    gig = Gig.objects.get()
    assert (gig.budget_min, gig.budget_max, gig.status) == (150_000, 250_050, GigStatus.OPEN)


def test_post_a_gig_with_a_backwards_budget_shows_the_error(client, client_user):
    client.force_login(client_user)
    response = client.post(
        "/gigs/post/",
        {
            "title": "Run discovery interviews",
            "category": "discovery",
            "description": "Ten interviews.",
            "budget_type": "fixed",
            "budget_min": "3000",
            "budget_max": "2000",
            "currency": "EUR",
            "duration": "weeks",
        },
    )
    assert response.status_code == 400
    assert "below the lowest" in response.text
    assert not Gig.objects.exists()


def test_freelancer_page_shows_payouts_masked_to_the_owner_only(client, freelancer, stranger):
    profile = freelancer.freelancer_profile
    PayoutMethodFactory.create(profile=profile, account_last4="6819")
    client.force_login(freelancer)
    own = client.get(profile.get_absolute_url())
    assert "•••• 6819" in own.text
    client.force_login(stranger)
    other = client.get(profile.get_absolute_url())
    assert "6819" not in other.text
    assert profile.headline in other.text


@pytest.mark.django_db
def test_profile_edit_creates_a_profile(client, stranger):
    client.force_login(stranger)
    response = client.post(
        "/freelancers/me/edit/",
        {
            "headline": "PM for fintech",
            "hourly_rate": "95",
            "currency": "GBP",
            "bio": "Hi",
            "availability": "part_time",
        },
    )
    assert response.status_code == 302
    profile = stranger.freelancer_profile
    assert profile.hourly_rate == 9_500
    assert client.get(profile.get_absolute_url()).status_code == 200


def test_header_navigation_links_to_gigs(client, db):
    response = client.get("/")
    assert 'href="/gigs/"' in response.text


def test_proposals_page_queries_do_not_grow(
    client, gig, client_user, django_assert_max_num_queries
):
    """The client's list of proposals reads each proposal's gig and freelancer in one go."""
    for _ in range(10):
        ProposalFactory.create(gig=gig)
    client.force_login(client_user)
    with django_assert_max_num_queries(10):
        response = client.get(f"/gigs/{gig.slug}/proposals/")
    assert response.status_code == 200
