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


@pytest.mark.django_db(transaction=True)
def test_concurrent_hour_log_approvals_pay_once(
    hourly_contract, client_user, freelancer, deposit, weeks_ago
):
    """Simultaneous approvals of one week from separate connections: one pays, the rest find
    it approved under the lock and are refused; escrow pays it once."""
    from gigs import hour_selectors
    from gigs.services import hours

    deposit(client_user, 100_000)
    hours.hourly_fund(contract=hourly_contract, user=client_user, amount=100_000)
    log = hours.hourlog_submit(
        contract=hourly_contract, user=freelancer, week=weeks_ago(1), minutes=450, description="x"
    )
    outcomes = in_threads(
        20,
        lambda n: hours.hourlog_approve(log=log, user=client_user, idempotency_key=f"a-{n}"),
    )
    kinds = Counter(type(outcome).__name__ for outcome in outcomes)
    assert kinds == {"HourLog": 1, "TransitionError": 19}
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1
    assert hour_selectors.hourly_held(contract=hourly_contract) == 100_000 - 67_500


@pytest.mark.django_db(transaction=True)
def test_ending_and_approving_at_once_leave_the_books_whole(
    hourly_contract, client_user, freelancer, deposit, weeks_ago
):
    """An approval racing the end of the contract: either the week is paid and the rest
    returned, or the end is refused; escrow never pays and returns the same money."""
    from gigs import hour_selectors
    from gigs.services import hours, lifecycle

    deposit(client_user, 100_000)
    hours.hourly_fund(contract=hourly_contract, user=client_user, amount=100_000)
    log = hours.hourlog_submit(
        contract=hourly_contract, user=freelancer, week=weeks_ago(1), minutes=450, description="x"
    )

    def act(n):
        if n % 2:
            return lifecycle.contract_end(contract=hourly_contract, user=freelancer)
        return hours.hourlog_approve(log=log, user=client_user, idempotency_key=f"a-{n}")

    outcomes = in_threads(10, act)
    assert {type(outcome).__name__ for outcome in outcomes} <= {
        "HourLog",
        "Contract",
        "TransitionError",
    }
    escrow_moves = LedgerEntry.objects.filter(
        account__kind=AccountKind.ESCROW, transaction__subject__startswith="hourly:"
    )
    paid = -sum(e.amount for e in escrow_moves.filter(transaction__kind=TransactionKind.RELEASE))
    returned = -sum(e.amount for e in escrow_moves.filter(transaction__kind=TransactionKind.REFUND))
    assert paid in (0, 67_500)
    assert paid + returned + hour_selectors.hourly_held(contract=hourly_contract) == 100_000
