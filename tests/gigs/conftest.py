"""Fixtures of the gigs tests: a client, a freelancer with a profile, an open gig, and a
helper that puts money into escrow through the ledger's services."""

import pytest

from gigs.services import escrow, ledger
from tests.accounts.factories import UserFactory
from tests.gigs.factories import FreelancerProfileFactory, GigFactory


@pytest.fixture
def client_user(db):
    return UserFactory.create(email="clara@example.com", name="Clara Client")


@pytest.fixture
def freelancer(db):
    user = UserFactory.create(email="finn@example.com", name="Finn Freelancer")
    FreelancerProfileFactory.create(user=user, slug="finn")
    return user


@pytest.fixture
def stranger(db):
    return UserFactory.create(email="sam@example.com", name="Sam Stranger")


@pytest.fixture
def gig(client_user):
    return GigFactory.create(client=client_user, slug="prd-gig")


@pytest.fixture
def fund(staff_user):
    """Deposit and escrow ``amount`` for ``subject`` on behalf of ``client``."""

    def make(client, subject, amount, currency="GBP"):
        ledger.deposit_record(
            actor=staff_user, client=client, amount=amount, currency=currency, reference=subject
        )
        return ledger.escrow_fund(
            actor=client, client=client, subject=subject, amount=amount, currency=currency
        )

    return make


PLAN = [
    {"title": "Interviews and synthesis", "amount": 100_000},
    {"title": "PRD and review", "amount": 150_000},
]


@pytest.fixture
def contract(gig, client_user, freelancer):
    """A fixed GBP 2,500 contract in two agreed milestones (1,000 and 1,500), none funded."""
    from gigs.services import lifecycle
    from tests.gigs.factories import ProposalFactory

    proposal = ProposalFactory.create(
        gig=gig, freelancer=freelancer, price=250_000, milestones=PLAN
    )
    return lifecycle.proposal_accept(proposal=proposal, user=client_user)


@pytest.fixture
def deposit(staff_user):
    """Record ``amount`` of the client's money arriving, as staff do for a bank transfer."""
    count = iter(range(1_000_000))

    def make(client, amount, currency="GBP"):
        return ledger.deposit_record(
            actor=staff_user,
            client=client,
            amount=amount,
            currency=currency,
            reference=f"test-{next(count)}",
        )

    return make


@pytest.fixture
def earn(fund, client_user):
    """Fund ``subject`` and release all of it to ``freelancer``: their available grows."""

    def make(freelancer, subject, amount, currency="GBP", client=None):
        payer = client or client_user
        fund(payer, subject, amount, currency)
        return escrow.escrow_release(
            actor=payer,
            client=payer,
            freelancer=freelancer,
            subject=subject,
            amount=amount,
            currency=currency,
        )

    return make


@pytest.fixture
def hourly_contract(client_user, freelancer):
    """An hourly GBP 90.00 contract that started five weeks ago; its escrow is empty."""
    from datetime import timedelta

    from django.utils import timezone

    from gigs.domain import BudgetType
    from gigs.models import Contract
    from gigs.services import lifecycle
    from tests.gigs.factories import ProposalFactory

    gig = GigFactory.create(
        client=client_user,
        slug="hourly-gig",
        budget_type=BudgetType.HOURLY,
        budget_min=6_000,
        budget_max=12_000,
    )
    proposal = ProposalFactory.create(gig=gig, freelancer=freelancer, price=9_000)
    contract = lifecycle.proposal_accept(proposal=proposal, user=client_user)
    Contract.objects.filter(pk=contract.pk).update(created_at=timezone.now() - timedelta(weeks=5))
    contract.refresh_from_db()
    return contract


@pytest.fixture
def weeks_ago():
    """The Monday of the week ``n`` weeks before this one."""
    from datetime import timedelta

    from django.utils import timezone

    from gigs.hours import week_of

    return lambda n: week_of(timezone.localdate()) - timedelta(weeks=n)
