"""Reads scoped to the reader: who sees a gig, a proposal's text and price, payout methods."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from gigs import selectors
from gigs.domain import GigStatus
from gigs.services import gigs as gig_services
from tests.gigs.factories import GigFactory, PayoutMethodFactory, ProposalFactory


@pytest.mark.parametrize("status", [GigStatus.DRAFT])
def test_draft_gig_is_for_its_client_and_staff(client_user, stranger, staff_user, status):
    gig = GigFactory.create(client=client_user, status=status)
    assert selectors.gig_for_page(slug=gig.slug, user=client_user) == gig
    assert selectors.gig_for_page(slug=gig.slug, user=staff_user) == gig
    for user in (stranger, AnonymousUser()):
        with pytest.raises(Http404):
            selectors.gig_for_page(slug=gig.slug, user=user)


def test_hidden_gig_is_for_its_client_and_staff(gig, client_user, stranger, staff_user):
    """A gig staff hid leaves the site for everyone but its client and staff."""
    gig_services.gig_hide(gig=gig, moderator=staff_user, reason="Spam")
    assert selectors.gig_for_page(slug=gig.slug, user=client_user) == gig
    with pytest.raises(Http404):
        selectors.gig_for_page(slug=gig.slug, user=stranger)


def test_third_user_sees_no_proposal(gig, freelancer, client_user, stranger, staff_user):
    """A proposal is for its freelancer, the gig's client and staff; others get 404."""
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    for user in (freelancer, client_user, staff_user):
        assert selectors.proposal_for(pk=proposal.pk, user=user) == proposal
    for user in (stranger, AnonymousUser()):
        with pytest.raises(Http404):
            selectors.proposal_for(pk=proposal.pk, user=user)


def test_gig_proposals_are_for_the_client_and_staff(gig, freelancer, client_user, stranger):
    """The list of a gig's proposals answers 404 to freelancers and strangers."""
    ProposalFactory.create(gig=gig, freelancer=freelancer)
    assert len(selectors.gig_proposals(gig=gig, user=client_user)) == 1
    for user in (freelancer, stranger, AnonymousUser()):
        with pytest.raises(Http404):
            selectors.gig_proposals(gig=gig, user=user)


def test_proposal_count_leaves_out_withdrawn(gig):
    ProposalFactory.create(gig=gig)
    ProposalFactory.create(gig=gig, status="withdrawn")
    assert selectors.proposal_count(gig=gig) == 1


def test_client_history_counts_posted_gigs_not_drafts(client_user):
    GigFactory.create(client=client_user)
    GigFactory.create(client=client_user, status=GigStatus.CLOSED)
    GigFactory.create(client=client_user, status=GigStatus.DRAFT)
    history = selectors.client_history(client=client_user)
    assert history.gigs_posted == 2
    assert history.hires == 0
    assert history.member_since == client_user.date_joined


def test_payout_methods_only_for_the_owner(freelancer, stranger):
    profile = freelancer.freelancer_profile
    PayoutMethodFactory.create(profile=profile)
    assert len(selectors.payout_methods(profile=profile, user=freelancer)) == 1
    assert selectors.payout_methods(profile=profile, user=stranger) == []
    assert selectors.payout_methods(profile=profile, user=AnonymousUser()) == []
