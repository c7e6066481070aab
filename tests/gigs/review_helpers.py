"""Contracts brought to an end through the real services, for the review tests."""

from datetime import timedelta

from django.utils import timezone

from gigs.domain import ContractStatus
from gigs.models import Contract
from gigs.services import contracts as services


def release(milestone, *, client, freelancer, deposit):
    """Fund, submit and release one milestone: the freelancer is paid."""
    deposit(client, milestone.amount)
    services.milestone_fund(milestone=milestone, user=client)
    services.milestone_submit(milestone=milestone, user=freelancer)
    return services.milestone_release(milestone=milestone, user=client)


def complete(contract, *, deposit):
    """Release every milestone: the contract completes and its review window opens."""
    for milestone in contract.milestones.order_by("position"):
        release(milestone, client=contract.client, freelancer=contract.freelancer, deposit=deposit)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.COMPLETED
    return contract


def cancel(contract):
    """Mark an active contract cancelled now, whatever its money did.

    Past the service on purpose: ending a contract that paid anything completes it, and these
    tests need cancelled contracts with and without released money.
    """
    Contract.objects.filter(pk=contract.pk).update(
        status=ContractStatus.CANCELLED, ended_at=timezone.now()
    )
    contract.refresh_from_db()
    return contract


def age(contract, days):
    """Move the contract's end ``days`` into the past."""
    Contract.objects.filter(pk=contract.pk).update(ended_at=timezone.now() - timedelta(days=days))
    contract.refresh_from_db()
    return contract
