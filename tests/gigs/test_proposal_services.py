"""Proposals and invitations through their services: transitions, refusals, e-mails."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from gigs.domain import BudgetType, GigStatus, ProposalStatus
from gigs.models import Invitation, Proposal
from gigs.services import gigs as gig_services
from gigs.services import proposals as services
from tests.gigs.factories import (
    FreelancerProfileFactory,
    GigFactory,
    ProposalFactory,
    proposal_fields,
)


def test_submit_creates_a_proposal_and_tells_the_client(
    gig, freelancer, client_user, django_capture_on_commit_callbacks
):
    """A freelancer's proposal on an open gig is stored and the client gets an e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_submit(
            gig=gig, freelancer=freelancer, fields=proposal_fields()
        )
    assert proposal.status == ProposalStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [[client_user.email]]
    assert gig.title in mail.outbox[0].subject


def test_submit_refuses_a_second_proposal(gig, freelancer):
    """One proposal per freelancer per gig."""
    services.proposal_submit(gig=gig, freelancer=freelancer, fields=proposal_fields())
    with pytest.raises(ValidationError, match="already"):
        services.proposal_submit(gig=gig, freelancer=freelancer, fields=proposal_fields())
    assert Proposal.objects.count() == 1


def test_submit_refuses_the_client_own_gig(gig, client_user):
    """A client cannot propose on their own gig."""
    with pytest.raises(PermissionDenied):
        services.proposal_submit(gig=gig, freelancer=client_user, fields=proposal_fields())


@pytest.mark.parametrize("status", [GigStatus.DRAFT, GigStatus.CLOSED, GigStatus.CANCELLED])
def test_submit_refuses_a_gig_not_open(freelancer, status):
    """Only open gigs take proposals."""
    gig = GigFactory.create(status=status)
    with pytest.raises(ValidationError, match="not taking proposals"):
        services.proposal_submit(gig=gig, freelancer=freelancer, fields=proposal_fields())


def test_submit_refuses_a_hidden_gig(gig, freelancer, staff_user):
    """A gig staff hid takes no proposals."""
    gig_services.gig_hide(gig=gig, moderator=staff_user, reason="Spam")
    with pytest.raises(ValidationError):
        services.proposal_submit(gig=gig, freelancer=freelancer, fields=proposal_fields())


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price": 0}, "price"),
        ({"price": 50}, "price"),
        ({"price": 10**15}, "price"),
        ({"timeline": ""}, "timeline"),
        ({"approach": "a\x00b"}, "approach"),
        ({"milestones": [{"title": "Half", "amount": 100_000}]}, "milestones"),
    ],
)
def test_submit_refuses_bad_fields(gig, freelancer, overrides, field):
    """Bad prices, milestone plans and text fail on their field and store nothing."""
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(
            gig=gig, freelancer=freelancer, fields=proposal_fields(**overrides)
        )
    assert field in error.value.message_dict
    assert not Proposal.objects.exists()


def test_hourly_gig_caps_the_rate(freelancer):
    """On an hourly gig the price is a rate, capped far below a fixed price."""
    gig = GigFactory.create(budget_type=BudgetType.HOURLY, budget_min=5_000, budget_max=9_000)
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(
            gig=gig, freelancer=freelancer, fields=proposal_fields(price=2_000_000)
        )
    assert "an hour" in error.value.message_dict["price"][0]


def test_milestone_plan_that_adds_up_is_kept(gig, freelancer):
    plan = [{"title": "Interviews", "amount": 100_000}, {"title": "PRD", "amount": 150_000}]
    proposal = services.proposal_submit(
        gig=gig, freelancer=freelancer, fields=proposal_fields(milestones=plan)
    )
    proposal.refresh_from_db()
    assert proposal.milestones == plan


def test_freelancer_edits_until_the_client_acts(gig, freelancer, client_user):
    """Edits pass while submitted and are refused once shortlisted."""
    proposal = services.proposal_submit(gig=gig, freelancer=freelancer, fields=proposal_fields())
    services.proposal_update(proposal=proposal, user=freelancer, fields={"timeline": "2 weeks"})
    services.proposal_shortlist(proposal=proposal, user=client_user)
    with pytest.raises(services.TransitionError):
        services.proposal_update(proposal=proposal, user=freelancer, fields={"timeline": "1 week"})
    proposal.refresh_from_db()
    assert proposal.timeline == "2 weeks"
    assert proposal.status == ProposalStatus.SHORTLISTED


def test_only_the_freelancer_edits_and_withdraws(gig, freelancer, client_user, stranger):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    for user in (client_user, stranger):
        with pytest.raises(PermissionDenied):
            services.proposal_update(proposal=proposal, user=user, fields={"timeline": "x"})
        with pytest.raises(PermissionDenied):
            services.proposal_withdraw(proposal=proposal, user=user)


def test_withdraw(gig, freelancer):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    proposal = services.proposal_withdraw(proposal=proposal, user=freelancer)
    assert proposal.status == ProposalStatus.WITHDRAWN
    with pytest.raises(services.TransitionError):
        services.proposal_withdraw(proposal=proposal, user=freelancer)


def test_only_the_client_shortlists_and_declines(gig, freelancer, stranger):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    for user in (freelancer, stranger):
        with pytest.raises(PermissionDenied):
            services.proposal_shortlist(proposal=proposal, user=user)
        with pytest.raises(PermissionDenied):
            services.proposal_decline(proposal=proposal, user=user)


def test_decline_with_a_reason_tells_the_freelancer(
    gig, freelancer, client_user, django_capture_on_commit_callbacks
):
    """A declined proposal keeps the reason, and the freelancer gets it by e-mail."""
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_decline(
            proposal=proposal, user=client_user, reason="We chose someone local."
        )
    assert proposal.status == ProposalStatus.DECLINED
    assert [m.to for m in mail.outbox] == [[freelancer.email]]
    assert "We chose someone local." in mail.outbox[0].body


def test_decline_refuses_a_withdrawn_proposal(gig, freelancer, client_user):
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, status="withdrawn")
    with pytest.raises(services.TransitionError):
        services.proposal_decline(proposal=proposal, user=client_user)
    with pytest.raises(services.TransitionError):
        services.proposal_shortlist(proposal=proposal, user=client_user)


def test_invitation_is_sent_once(gig, client_user, freelancer, django_capture_on_commit_callbacks):
    """The client invites a freelancer once, and the freelancer gets an e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_send(gig=gig, client=client_user, freelancer=freelancer, message="Hi")
    assert [m.to for m in mail.outbox] == [[freelancer.email]]
    with pytest.raises(ValidationError, match="already invited"):
        services.invitation_send(gig=gig, client=client_user, freelancer=freelancer)
    assert Invitation.objects.count() == 1


def test_invitation_refusals(gig, client_user, freelancer, stranger):
    """Only the client invites, only to an open gig, only freelancers with a profile."""
    with pytest.raises(PermissionDenied):
        services.invitation_send(gig=gig, client=stranger, freelancer=freelancer)
    with pytest.raises(ValidationError, match="freelancer profile"):
        services.invitation_send(gig=gig, client=client_user, freelancer=stranger)
    FreelancerProfileFactory.create(user=client_user)
    with pytest.raises(ValidationError, match="yourself"):
        services.invitation_send(gig=gig, client=client_user, freelancer=client_user)
    draft = GigFactory.create(client=client_user, status=GigStatus.DRAFT)
    with pytest.raises(ValidationError, match="not taking proposals"):
        services.invitation_send(gig=draft, client=client_user, freelancer=freelancer)
