"""Fixtures of the messaging tests: the two sides of an application, a proposal, a contract."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gigs.domain import MilestoneStatus
from gigs.models import Milestone
from messaging import services
from tests.accounts.factories import UserFactory
from tests.gigs import conftest as gigs_fixtures
from tests.gigs.factories import GigFactory, ProposalFactory
from tests.jobs.factories import ApplicationFactory, PostingFactory

# The gigs tests' people and contract, shared rather than written twice.
client_user = gigs_fixtures.client_user
freelancer = gigs_fixtures.freelancer
stranger = gigs_fixtures.stranger
gig = gigs_fixtures.gig
contract = gigs_fixtures.contract

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def application(company, recruiter, candidate):
    posting = PostingFactory.create(company=company, created_by=recruiter)
    return ApplicationFactory.create(posting=posting, candidate=candidate)


@pytest.fixture
def proposal(client_user, freelancer):
    """A proposal on a gig of its own, so it stands beside the contract's."""
    return ProposalFactory.create(gig=GigFactory.create(client=client_user), freelancer=freelancer)


@pytest.fixture
def contract_thread(contract, client_user):
    return services.thread_for_contract(contract=contract, user=client_user)


@pytest.fixture
def other_staff(db):
    return UserFactory.create(email="stella@example.com", is_staff=True)


@pytest.fixture
def dispute(contract):
    """Put the contract's first milestone in dispute, as a side's dispute would."""

    def make():
        milestone = contract.milestones.order_by("position").first()
        Milestone.objects.filter(pk=milestone.pk).update(status=MilestoneStatus.DISPUTED)
        return milestone

    return make


def pdf(name="brief.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def new_thread(client_user, freelancer):
    """A new proposal thread between the client and the freelancer, on a gig of its own."""

    def make():
        proposal = ProposalFactory.create(
            gig=GigFactory.create(client=client_user), freelancer=freelancer
        )
        return services.thread_for_proposal(proposal=proposal, user=client_user)

    return make


def exchange(thread, opener, replier, *, start, reply_after=None):
    services.message_send(thread=thread, sender=opener, body="Question", now=start)
    services.message_send(
        thread=thread, sender=opener, body="Also...", now=start + timedelta(minutes=5)
    )
    if reply_after is not None:
        services.message_send(thread=thread, sender=replier, body="Answer", now=start + reply_after)
        services.message_send(
            thread=thread, sender=replier, body="More", now=start + reply_after * 3
        )
