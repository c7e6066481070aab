"""Ending a contract: what it refunds, drops and refuses, and how the contract and gig end."""

import pytest
from django.core.exceptions import PermissionDenied

from gigs import hour_selectors, selectors
from gigs.domain import ContractStatus, GigStatus, MilestoneStatus
from gigs.errors import IdempotencyConflict
from gigs.models import LedgerTransaction, TransactionKind
from gigs.services import contracts, hours, lifecycle
from gigs.services.acting import TransitionError
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def statuses(contract):
    return list(contract.milestones.order_by("position").values_list("status", flat=True))


def ended_emails():
    return [
        m.kwargs
        for m in OutboxMessage.objects.filter(handler__endswith="contract_email_send")
        if m.kwargs["kind"] == "ended"
    ]


def funds(user):
    return selectors.balances(owner=user).get(("client_funds", "GBP"), 0)


def test_ending_refunds_funded_milestones_and_drops_proposed_ones(
    contract, client_user, freelancer, deposit
):
    """Nothing was paid: the contract and its gig are cancelled, the money is back, the
    other side is told."""
    first = contract.milestones.order_by("position").first()
    deposit(client_user, first.amount)
    contracts.milestone_fund(milestone=first, user=client_user)
    ended = lifecycle.contract_end(contract=contract, user=freelancer, idempotency_key="end-1")
    assert ended.status == ContractStatus.CANCELLED
    assert (ended.ended_by, ended.ended_at is not None) == (freelancer, True)
    assert statuses(contract) == [MilestoneStatus.REFUNDED, MilestoneStatus.CANCELLED]
    assert funds(client_user) == first.amount
    contract.gig.refresh_from_db()
    assert contract.gig.status == GigStatus.CANCELLED
    assert [m["recipient_id"] for m in ended_emails()] == [client_user.pk]


def test_ending_after_a_release_completes_the_contract(contract, client_user, freelancer, deposit):
    """Money was released: the contract and gig are completed, which is when reviews open."""
    first = contract.milestones.order_by("position").first()
    deposit(client_user, first.amount)
    contracts.milestone_fund(milestone=first, user=client_user)
    contracts.milestone_submit(milestone=first, user=freelancer)
    contracts.milestone_release(milestone=first, user=client_user)
    ended = lifecycle.contract_end(contract=contract, user=client_user)
    assert ended.status == ContractStatus.COMPLETED
    assert statuses(contract) == [MilestoneStatus.RELEASED, MilestoneStatus.CANCELLED]
    contract.gig.refresh_from_db()
    assert contract.gig.status == GigStatus.COMPLETED
    assert [m["recipient_id"] for m in ended_emails()] == [freelancer.pk]


@pytest.mark.parametrize("dispute", [False, True])
def test_submitted_or_disputed_work_blocks_ending(
    contract, client_user, freelancer, deposit, dispute
):
    first = contract.milestones.order_by("position").first()
    deposit(client_user, first.amount)
    contracts.milestone_fund(milestone=first, user=client_user)
    contracts.milestone_submit(milestone=first, user=freelancer)
    if dispute:
        contracts.milestone_dispute(milestone=first, user=client_user)
    with pytest.raises(TransitionError, match="before ending the contract"):
        lifecycle.contract_end(contract=contract, user=client_user)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE
    assert statuses(contract)[1] == MilestoneStatus.PROPOSED


def test_only_the_two_sides_end_an_active_contract(contract, client_user, stranger, staff_user):
    for user in (stranger, staff_user):
        with pytest.raises(PermissionDenied):
            lifecycle.contract_end(contract=contract, user=user)
    lifecycle.contract_end(contract=contract, user=client_user)
    with pytest.raises(TransitionError, match="cancelled"):
        lifecycle.contract_end(contract=contract, user=client_user)


def test_ending_replayed_with_its_key_answers_alike(contract, client_user, deposit):
    first = contract.milestones.order_by("position").first()
    deposit(client_user, first.amount)
    contracts.milestone_fund(milestone=first, user=client_user)
    lifecycle.contract_end(contract=contract, user=client_user, idempotency_key="k")
    again = lifecycle.contract_end(contract=contract, user=client_user, idempotency_key="k")
    assert again.status == ContractStatus.CANCELLED
    assert LedgerTransaction.objects.filter(kind=TransactionKind.REFUND).count() == 1
    assert len(ended_emails()) == 1
    with pytest.raises(IdempotencyConflict):
        contracts.milestone_fund(milestone=first, user=client_user, idempotency_key="k")


def test_ending_an_hourly_contract_returns_unspent_escrow(
    hourly_contract, client_user, freelancer, deposit, weeks_ago
):
    """GBP 1,000 in, one GBP 675 week paid: GBP 325 returns and the contract completes."""
    deposit(client_user, 100_000)
    hours.hourly_fund(contract=hourly_contract, user=client_user, amount=100_000)
    log = hours.hourlog_submit(
        contract=hourly_contract, user=freelancer, week=weeks_ago(1), minutes=450, description="x"
    )
    hours.hourlog_approve(log=log, user=client_user)
    ended = lifecycle.contract_end(contract=hourly_contract, user=freelancer)
    assert ended.status == ContractStatus.COMPLETED
    assert hour_selectors.hourly_held(contract=hourly_contract) == 0
    assert funds(client_user) == 32_500
    refund = LedgerTransaction.objects.get(kind=TransactionKind.REFUND)
    assert refund.subject == f"hourly:{hourly_contract.pk}:return"


def test_an_hourly_contract_with_a_submitted_week_cannot_end(
    hourly_contract, client_user, freelancer, weeks_ago
):
    hours.hourlog_submit(
        contract=hourly_contract, user=freelancer, week=weeks_ago(1), minutes=60, description="x"
    )
    with pytest.raises(TransitionError):
        lifecycle.contract_end(contract=hourly_contract, user=client_user)


def test_an_ended_contract_takes_no_more_work(hourly_contract, client_user, freelancer, weeks_ago):
    lifecycle.contract_end(contract=hourly_contract, user=client_user)
    with pytest.raises(TransitionError):
        hours.hourlog_submit(
            contract=hourly_contract,
            user=freelancer,
            week=weeks_ago(1),
            minutes=60,
            description="x",
        )
    with pytest.raises(TransitionError):
        hours.hourly_fund(contract=hourly_contract, user=client_user, amount=10_000)


def test_the_ended_email_renders(contract, client_user, freelancer):
    from django.core import mail

    from gigs.notifications import contract_email_send

    lifecycle.contract_end(contract=contract, user=freelancer)
    assert contract_email_send(contract_id=contract.pk, kind="ended", recipient_id=client_user.pk)
    assert "has ended" in mail.outbox[0].subject
    assert "cancelled" in mail.outbox[0].body
