"""Contracts and their milestones: accept a proposal, then fund, submit, release or dispute.

Each milestone action starts the same way (``_begin``): lock the milestone and its contract,
check who acts, answer a replayed idempotency key, check the contract is active. Then it
applies its rule, moves money only through the ledger's services (subject "milestone:<id>",
with the caller's idempotency key) and tells the side that acts next by e-mail once the
change commits. Replaying a money action with the key it first used answers the milestone
as it stands; the same key for a different request is refused. Hour logs are
gigs.services.hours'; ending a contract is gigs.services.ending's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from gigs import domain, payments
from gigs.domain import BudgetType, ContractStatus, MilestoneStatus
from gigs.models import Contract, FundingRequest, Gig, Milestone
from gigs.payments import funding_request_create
from gigs.selectors import balances
from gigs.services import escrow, hours, ledger
from gigs.services.acting import (
    SIDES,
    TransitionError,
    lock_contract,
    notify,
    other_side,
    replayed,
    require_active,
    require_party,
)

__all__ = ["Funding", "TransitionError"]


@dataclass(frozen=True)
class Funding:
    """What funding a milestone did: funded it, or asked the client to pay in first."""

    milestone: Milestone
    request: FundingRequest | None  # set while the client's funds fall short


# --- Milestones ----------------------------------------------------------------------------

# Money actions by name: whether their idempotency fingerprint names the freelancer.
ESCROW_ACTIONS = {"fund": False, "release": True, "refund": False}


@dataclass(frozen=True)
class Step:
    """A milestone locked for an action; ``replayed`` when its key already did the action."""

    milestone: Milestone
    replayed: bool = False

    @property
    def contract(self) -> Contract:
        return self.milestone.contract


def _lock(milestone: Milestone) -> Milestone:
    # The contract, then the milestone, are locked; the users and the gig are only read.
    lock_contract(milestone.contract_id)
    return (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("contract", "contract__client", "contract__freelancer", "contract__gig")
        .select_related("contract__order")
        .get(pk=milestone.pk)
    )


def _begin(
    milestone: Milestone,
    user: User,
    *,
    side: str,
    money: str | None = None,
    key: str | None = None,
    active: bool = True,
) -> Step:
    """Lock the milestone and its contract, check ``side`` may act, answer a replay of the
    ``money`` action under ``key``, then check the contract is active."""
    milestone = _lock(milestone)
    contract = milestone.contract
    SIDES[side](contract, user)
    if money is not None:
        arguments = _escrow_arguments(milestone, with_freelancer=ESCROW_ACTIONS[money])
        if replayed(user=user, key=key, action=money, arguments=arguments):
            return Step(milestone, replayed=True)
    if active:
        require_active(contract)
    return Step(milestone)


def _move(milestone: Milestone, action: str) -> Milestone:
    target = domain.milestone_target(milestone.status, action)
    if target is None:
        raise TransitionError(
            f"A milestone that is {milestone.get_status_display().lower()} cannot be {action}."
        )
    milestone.status = target
    milestone.save(update_fields=["status", "agreed_at", "updated_at"])
    return milestone


def _require_move(milestone: Milestone, action: str) -> None:
    """Refuse ``action`` before any money moves when the milestone's status does not allow it."""
    if domain.milestone_target(milestone.status, action) is None:
        _move(milestone, action)  # raises the transition error


def _escrow_arguments(milestone: Milestone, *, with_freelancer: bool) -> dict[str, Any]:
    contract = milestone.contract
    arguments: dict[str, Any] = {
        "client": contract.client_id,
        "subject": milestone.subject,
        "amount": milestone.amount,
        "currency": contract.currency,
    }
    if with_freelancer:
        arguments["freelancer"] = contract.freelancer_id
    return arguments


def _complete_if_done(contract: Contract) -> None:
    """Complete the contract once every milestone is settled, and its gig with it."""
    statuses = list(contract.milestones.values_list("status", flat=True))
    if contract.status != ContractStatus.ACTIVE or not domain.contract_complete(statuses):
        return
    contract.status, contract.ended_at = ContractStatus.COMPLETED, timezone.now()
    contract.save(update_fields=["status", "ended_at", "updated_at"])
    if contract.gig_id is None:
        return
    gig = Gig.objects.select_for_update().get(pk=contract.gig_id)
    if (target := domain.gig_target(gig.status, "completed")) is not None:
        gig.status = target
        gig.save(update_fields=["status", "updated_at"])


def _notify(contract: Contract, kind: str, recipient_id: int, milestone: Milestone) -> None:
    notify(contract, kind, recipient_id, milestone_id=milestone.pk)


def _clean_milestone(*, title: Any, amount: Any, currency: str) -> tuple[str, int]:
    errors: dict[str, str] = {}
    title = title.strip() if isinstance(title, str) else ""
    if not title:
        errors["title"] = "Give the milestone a title."
    elif len(title) > domain.MILESTONE_TITLE_LENGTH or re.search(r"[\x00-\x1f\x7f-\x9f]", title):
        errors["title"] = (
            f"A title is one line of at most {domain.MILESTONE_TITLE_LENGTH} characters."
        )
    if type(amount) is not int:
        errors["amount"] = "Give the amount as a whole number of minor units."
    elif message := domain.amount_error(
        amount, currency=currency, budget_type=BudgetType.FIXED, what="The amount"
    ):
        errors["amount"] = message
    if errors:
        raise ValidationError(errors)
    return title, amount


@transaction.atomic
def milestone_add(
    *, contract: Contract, user: User, title: str, amount: int, due_date: date | None = None
) -> Milestone:
    """Either side proposes another milestone; the other agrees before it is funded."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    require_party(contract, user)
    require_active(contract)
    title, amount = _clean_milestone(title=title, amount=amount, currency=contract.currency)
    if contract.milestones.count() >= domain.MAX_MILESTONES * 2:
        raise ValidationError("This contract has as many milestones as it can take.")
    last = contract.milestones.order_by("-position").values_list("position", flat=True).first()
    milestone = Milestone(
        contract=contract,
        title=title,
        amount=amount,
        due_date=due_date,
        position=(last or 0) + 1,
        proposed_by=user,
    )
    milestone.full_clean(exclude=["contract", "proposed_by"])
    milestone.save()
    return milestone


@transaction.atomic
def milestone_agree(*, milestone: Milestone, user: User) -> Milestone:
    """The side that did not propose a milestone agrees to it."""
    milestone = _begin(milestone, user, side="party").milestone
    if milestone.status != MilestoneStatus.PROPOSED or milestone.agreed_at is not None:
        raise TransitionError("This milestone is already agreed.")
    if milestone.proposed_by_id == user.pk:
        raise PermissionDenied("The other side agrees to a milestone you proposed.")
    milestone.agreed_at = timezone.now()
    milestone.save(update_fields=["agreed_at", "updated_at"])
    return milestone


@transaction.atomic
def milestone_fund(
    *, milestone: Milestone, user: User, idempotency_key: str | None = None
) -> Funding:
    """The client moves the milestone's amount into escrow from their funds.

    When the funds fall short nothing moves: the answer carries a funding request whose
    reference the client quotes on a bank transfer; staff record it (funding_record).
    """
    step = _begin(milestone, user, side="client", money="fund", key=idempotency_key)
    milestone, contract = step.milestone, step.contract
    if step.replayed:
        return Funding(milestone=milestone, request=None)
    _require_move(milestone, "funded")
    if milestone.agreed_at is None:
        if milestone.proposed_by_id == user.pk:
            raise TransitionError("The freelancer has not agreed to this milestone yet.")
        milestone.agreed_at = timezone.now()  # funding what the freelancer proposed agrees
    held = balances(owner=contract.client).get(("client_funds", contract.currency), 0)
    if held < milestone.amount:
        request = (
            FundingRequest.objects.filter(subject=milestone.subject, funded_by__isnull=True)
            .order_by("-created_at")
            .first()
        ) or funding_request_create(
            client=contract.client,
            subject=milestone.subject,
            amount=milestone.amount,
            currency=contract.currency,
        )
        if milestone.agreed_at is not None:
            milestone.save(update_fields=["agreed_at", "updated_at"])
        return Funding(milestone=milestone, request=request)
    ledger.escrow_fund(
        actor=user,
        client=contract.client,
        subject=milestone.subject,
        amount=milestone.amount,
        currency=contract.currency,
        idempotency_key=idempotency_key,
    )
    _move(milestone, "funded")
    _notify(contract, "funded", contract.freelancer_id, milestone)
    return Funding(milestone=milestone, request=None)


@transaction.atomic
def funding_record(
    *, actor: User, funding: FundingRequest, amount: int, currency: str, idempotency_key: str
) -> Milestone | Contract | None:
    """Staff record a client's bank transfer: deposit it, and fund what it was asked for.

    Returns the milestone once it is funded, or the hourly contract whose escrow the
    transfer topped up. Money for something that no longer waits for it (a cancelled
    milestone, one funded since from other funds, an ended contract) stays in the client's
    funds.
    """
    ledger.require_staff(actor)
    if hours.is_topup(funding):
        return hours.topup_record(
            actor=actor,
            funding=funding,
            amount=amount,
            currency=currency,
            idempotency_key=idempotency_key,
        )
    kind, _, raw_id = funding.subject.partition(":")
    milestone = None
    if kind == "milestone" and raw_id.isdigit():
        found = Milestone.objects.filter(pk=int(raw_id)).first()
        milestone = _lock(found) if found is not None else None
    received = payments.funding_received(
        actor=actor,
        funding=funding,
        amount=amount,
        currency=currency,
        idempotency_key=idempotency_key,
        fundable=milestone is not None and milestone.status == MilestoneStatus.PROPOSED,
    )
    if milestone is None or received.funding is None:
        return None
    if milestone.agreed_at is None:
        milestone.agreed_at = timezone.now()
    _move(milestone, "funded")
    _notify(milestone.contract, "funded", milestone.contract.freelancer_id, milestone)
    return milestone


@transaction.atomic
def milestone_submit(*, milestone: Milestone, user: User) -> Milestone:
    """The freelancer hands in the work of a funded milestone for the client to review."""
    step = _begin(milestone, user, side="freelancer")
    _move(step.milestone, "submitted")
    _notify(step.contract, "submitted", step.contract.client_id, step.milestone)
    return step.milestone


@transaction.atomic
def milestone_release(
    *, milestone: Milestone, user: User, idempotency_key: str | None = None
) -> Milestone:
    """The client approves submitted work: escrow pays the freelancer, less the fee."""
    step = _begin(milestone, user, side="client", money="release", key=idempotency_key)
    milestone, contract = step.milestone, step.contract
    if step.replayed:
        return milestone
    _require_move(milestone, "released")
    escrow.escrow_release(
        actor=user,
        client=contract.client,
        freelancer=contract.freelancer,
        subject=milestone.subject,
        amount=milestone.amount,
        currency=contract.currency,
        idempotency_key=idempotency_key,
    )
    _move(milestone, "released")
    _notify(contract, "released", contract.freelancer_id, milestone)
    _complete_if_done(contract)
    return milestone


@transaction.atomic
def milestone_dispute(*, milestone: Milestone, user: User) -> Milestone:
    """Either side stops a funded or submitted milestone; staff settle its escrow."""
    step = _begin(milestone, user, side="party")
    _move(step.milestone, "disputed")
    _notify(step.contract, "disputed", other_side(step.contract, user), step.milestone)
    return step.milestone


@transaction.atomic
def milestone_resolve(
    *,
    milestone: Milestone,
    actor: User,
    release_amount: int,
    refund_amount: int,
    idempotency_key: str | None = None,
) -> Milestone:
    """Staff settle a disputed milestone: release, refund, or split what escrow holds."""
    ledger.require_staff(actor)
    step = _begin(milestone, actor, side="staff", active=False)
    milestone, contract = step.milestone, step.contract
    _require_move(milestone, "resolved")
    if (
        type(release_amount) is int
        and type(refund_amount) is int
        and release_amount + refund_amount != milestone.amount
    ):
        raise ValidationError(
            "The released and refunded amounts must add up to the milestone's "
            f"{milestone.amount_label}."
        )
    escrow.dispute_resolve(
        actor=actor,
        client=contract.client,
        freelancer=contract.freelancer,
        subject=milestone.subject,
        release_amount=release_amount,
        refund_amount=refund_amount,
        currency=contract.currency,
        idempotency_key=idempotency_key,
    )
    _move(milestone, "resolved")
    for recipient in (contract.client_id, contract.freelancer_id):
        _notify(contract, "resolved", recipient, milestone)
    _complete_if_done(contract)
    return milestone


@transaction.atomic
def milestone_cancel(
    *, milestone: Milestone, user: User, idempotency_key: str | None = None
) -> Milestone:
    """Return a funded milestone's escrow to the client: the client before the work is
    submitted, staff at any time before it is settled."""
    step = _begin(
        milestone, user, side="client_or_staff", money="refund", key=idempotency_key, active=False
    )
    milestone, contract = step.milestone, step.contract
    if step.replayed:
        return milestone
    if domain.milestone_target(milestone.status, "refunded") is None or (
        not user.is_staff and milestone.status not in domain.CLIENT_REFUNDABLE
    ):
        raise TransitionError(
            f"A milestone that is {milestone.get_status_display().lower()} cannot be "
            "cancelled and refunded."
        )
    escrow.escrow_refund(
        actor=user,
        client=contract.client,
        subject=milestone.subject,
        amount=milestone.amount,
        currency=contract.currency,
        idempotency_key=idempotency_key,
    )
    _move(milestone, "refunded")
    _complete_if_done(contract)
    return milestone
