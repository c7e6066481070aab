"""Concurrent milestone releases on PostgreSQL: one release and one fee, whatever the race."""

from collections import Counter

import pytest
from django.db import connection

from gigs.domain import MilestoneStatus
from gigs.models import AccountKind, LedgerEntry, LedgerTransaction, Milestone, TransactionKind
from gigs.services import contracts as services
from tests.gigs.test_ledger_postgres import in_threads

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across connections are PostgreSQL's"
)
REQUESTS = 50


@pytest.mark.django_db(transaction=True)
def test_concurrent_milestone_releases_release_once(contract, client_user, freelancer, deposit):
    """Fifty simultaneous releases from separate connections: one goes through, the rest
    find the milestone released under its row lock and are refused."""
    milestone = contract.milestones.order_by("position").first()
    deposit(client_user, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client_user)
    services.milestone_submit(milestone=milestone, user=freelancer)

    def release(n):
        return services.milestone_release(
            milestone=milestone, user=client_user, idempotency_key=f"release-{n}"
        )

    outcomes = in_threads(REQUESTS, release)
    kinds = Counter(type(outcome).__name__ for outcome in outcomes)
    assert kinds == {"Milestone": 1, "TransitionError": REQUESTS - 1}
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1
    fees = LedgerEntry.objects.filter(account__kind=AccountKind.PLATFORM_FEES)
    assert [fee.amount for fee in fees] == [13_750]
    assert Milestone.objects.get(pk=milestone.pk).status == MilestoneStatus.RELEASED


@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_with_one_key_answer_alike(contract, client_user, freelancer, deposit):
    milestone = contract.milestones.order_by("position").first()
    deposit(client_user, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client_user)
    services.milestone_submit(milestone=milestone, user=freelancer)
    outcomes = in_threads(
        20,
        lambda n: (
            services.milestone_release(
                milestone=milestone, user=client_user, idempotency_key="same"
            ).status
        ),
    )
    assert outcomes == [MilestoneStatus.RELEASED] * 20
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1
