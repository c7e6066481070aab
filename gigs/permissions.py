"""Who may see or change which gig, proposal and contract, for selectors, services and views."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Q

from accounts.models import User
from gigs.domain import PUBLIC, MilestoneStatus
from gigs.hours import HourLogStatus
from gigs.models import Contract, Gig, HourLog, Milestone, Proposal


def is_client(user: User | AnonymousUser, gig: Gig) -> bool:
    return user.is_authenticated and gig.client_id == user.pk


def sees_gig(user: User | AnonymousUser, gig: Gig) -> bool:
    """Anyone sees a public gig staff have not hidden; its client and staff see every gig."""
    if is_client(user, gig) or user.is_staff:
        return True
    return gig.status in PUBLIC and not gig.is_hidden


def sees_proposal(user: User | AnonymousUser, proposal: Proposal) -> bool:
    """A proposal's text and price are for its freelancer, the gig's client and staff alone."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.pk in (proposal.freelancer_id, proposal.gig.client_id)


def sees_contract(user: User | AnonymousUser, contract: Contract) -> bool:
    """A contract is for its client, its freelancer and staff alone."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.pk in (contract.client_id, contract.freelancer_id)


def in_dispute(contract_id: int) -> Q:
    """A filter true while a milestone or a week of hours of the contract awaits staff.

    Staff may then read the two sides' conversation about it.
    """
    return Q(
        Exists(Milestone.objects.filter(contract_id=contract_id, status=MilestoneStatus.DISPUTED))
    ) | Q(Exists(HourLog.objects.filter(contract_id=contract_id, status=HourLogStatus.DISPUTED)))
