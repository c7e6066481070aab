"""Contracts and their milestones: accept a proposal, then fund, submit, release or dispute.

Each function checks who acts and the milestone's status under a row lock, moves money only
through the ledger's services (subject "milestone:<id>", with the caller's idempotency key)
and tells the side that acts next by e-mail once the change commits. Replaying a money
action with the key it first used answers the milestone as it stands; the same key for a
different request is refused.
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
from gigs import domain, notifications
from gigs.domain import BudgetType, ContractStatus, MilestoneStatus, ProposalStatus
from gigs.errors import IdempotencyConflict
from gigs.models import Contract, FundingRequest, Gig, IdempotencyKey, Milestone, Proposal
from gigs.payments import PROVIDERS, funding_request_create
from gigs.selectors import balances
from gigs.services import escrow, ledger
from gigs.services.idempotency import fingerprint
from outbox import services as outbox


class TransitionError(ValidationError):
    """The contract or milestone is not in a status that allows this action."""


@dataclass(frozen=True)
class Funding:
    """What funding a milestone did: funded it, or asked the client to pay in first."""

    milestone: Milestone
    request: FundingRequest | None  # set while the client's funds fall short


# --- Accepting a proposal ------------------------------------------------------------------


@transaction.atomic
def proposal_accept(*, proposal: Proposal, user: User) -> Contract:
    """Hire the proposal's freelancer: a contract, its milestones, the gig in progress.

    The other live proposals on the gig are declined and their freelancers told so.
    """
    gig = Gig.objects.select_for_update().get(pk=proposal.gig_id)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if gig.client_id != user.pk:
        raise PermissionDenied("Only the gig's client may accept a proposal.")
    if not domain.proposal_allows(proposal.status, "accepted"):
        raise TransitionError(
            f"A {proposal.get_status_display().lower()} proposal cannot be accepted."
        )
    started = domain.gig_target(gig.status, "started")
    if gig.status not in domain.HIRING or started is None:
        raise TransitionError(
            f"A gig that is {gig.get_status_display().lower()} cannot hire anyone."
        )
    contract = Contract.objects.create(
        gig=gig,
        proposal=proposal,
        client=gig.client,
        freelancer=proposal.freelancer,
        contract_type=gig.budget_type,
        currency=gig.currency,
        price=proposal.price,
    )
    plan = proposal.milestones or []
    if not plan and gig.budget_type == BudgetType.FIXED:
        plan = [{"title": "The whole project", "amount": proposal.price}]
    now = timezone.now()
    Milestone.objects.bulk_create(
        Milestone(
            contract=contract,
            title=step["title"],
            amount=step["amount"],
            position=position,
            proposed_by=proposal.freelancer,
            agreed_at=now,  # the client agreed to the plan by accepting it
        )
        for position, step in enumerate(plan, start=1)
    )
    gig.status = started
    gig.save(update_fields=["status", "updated_at"])
    proposal.status = ProposalStatus.ACCEPTED
    proposal.save(update_fields=["status", "updated_at"])
    others = list(
        gig.proposals.exclude(pk=proposal.pk)
        .filter(status__in=(ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED))
        .values_list("pk", flat=True)
    )
    if others:
        Proposal.objects.filter(pk__in=others).update(
            status=ProposalStatus.DECLINED, updated_at=now
        )
        outbox.messages_queue(
            handler=notifications.proposal_email_send,
            kwargs_list=[{"proposal_id": pk, "kind": "declined"} for pk in others],
        )
    _notify(contract, "accepted", contract.freelancer_id)
    return contract


# --- Milestones ----------------------------------------------------------------------------


def _lock(milestone: Milestone) -> Milestone:
    # The milestone and its contract are locked; the users and the gig are only read.
    return (
        Milestone.objects.select_for_update(of=("self", "contract"))
        .select_related("contract", "contract__client", "contract__freelancer", "contract__gig")
        .get(pk=milestone.pk)
    )


def _require_party(contract: Contract, user: User) -> None:
    if user.pk not in (contract.client_id, contract.freelancer_id):
        raise PermissionDenied("Only the contract's client and freelancer may do this.")


def _require_client(contract: Contract, user: User) -> None:
    if contract.client_id != user.pk:
        raise PermissionDenied("Only the contract's client may do this.")


def _require_freelancer(contract: Contract, user: User) -> None:
    if contract.freelancer_id != user.pk:
        raise PermissionDenied("Only the contract's freelancer may do this.")


def _require_active(contract: Contract) -> None:
    if contract.status != ContractStatus.ACTIVE:
        raise TransitionError(f"This contract is {contract.get_status_display().lower()}.")


def _move(milestone: Milestone, action: str) -> Milestone:
    target = domain.milestone_target(milestone.status, action)
    if target is None:
        raise TransitionError(
            f"A milestone that is {milestone.get_status_display().lower()} cannot be {action}."
        )
    milestone.status = target
    milestone.save(update_fields=["status", "agreed_at", "updated_at"])
    return milestone


def _replayed(*, user: User, key: str | None, action: str, arguments: dict[str, Any]) -> bool:
    """Whether ``key`` already did this very money move; refuse it for another request."""
    if key is None:
        return False
    record = IdempotencyKey.objects.filter(user=user, key=key).first()
    if record is None:
        return False
    if record.fingerprint != fingerprint(action, arguments):
        raise IdempotencyConflict(
            "This idempotency key was already used for a different request.",
            code="idempotency_conflict",
        )
    return record.result_id is not None


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
    contract.status = ContractStatus.COMPLETED
    contract.save(update_fields=["status", "updated_at"])
    contract.mark_ended()
    gig = Gig.objects.select_for_update().get(pk=contract.gig_id)
    if (target := domain.gig_target(gig.status, "completed")) is not None:
        gig.status = target
        gig.save(update_fields=["status", "updated_at"])


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
    _require_party(contract, user)
    _require_active(contract)
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
    milestone = _lock(milestone)
    contract = milestone.contract
    _require_party(contract, user)
    _require_active(contract)
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
    milestone = _lock(milestone)
    contract = milestone.contract
    _require_client(contract, user)
    arguments = _escrow_arguments(milestone, with_freelancer=False)
    if _replayed(user=user, key=idempotency_key, action="fund", arguments=arguments):
        return Funding(milestone=milestone, request=None)
    _require_active(contract)
    if domain.milestone_target(milestone.status, "funded") is None:
        _move(milestone, "funded")  # raises the transition error
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
) -> Milestone | None:
    """Staff record a client's bank transfer: deposit it, and fund the milestone it names.

    Returns the milestone once it is funded. Money for a milestone that no longer waits for
    funding (cancelled, or funded since from other funds) stays in the client's funds.
    """
    ledger.require_staff(actor)
    kind, _, raw_id = funding.subject.partition(":")
    milestone = None
    if kind == "milestone" and raw_id.isdigit():
        found = Milestone.objects.filter(pk=int(raw_id)).first()
        milestone = _lock(found) if found is not None else None
    if milestone is None or milestone.status != MilestoneStatus.PROPOSED:
        ledger.deposit_record(
            actor=actor,
            client=funding.client,
            amount=amount,
            currency=funding.currency,
            reference=funding.reference,
            idempotency_key=f"{idempotency_key}:deposit",
        )
        return None
    received = PROVIDERS[funding.provider].record_received(
        actor=actor,
        funding=funding,
        amount=amount,
        currency=currency,
        idempotency_key=idempotency_key,
    )
    if received.funding is None:
        return None
    if milestone.agreed_at is None:
        milestone.agreed_at = timezone.now()
    _move(milestone, "funded")
    _notify(milestone.contract, "funded", milestone.contract.freelancer_id, milestone)
    return milestone


@transaction.atomic
def milestone_submit(*, milestone: Milestone, user: User) -> Milestone:
    """The freelancer hands in the work of a funded milestone for the client to review."""
    milestone = _lock(milestone)
    contract = milestone.contract
    _require_freelancer(contract, user)
    _require_active(contract)
    _move(milestone, "submitted")
    _notify(contract, "submitted", contract.client_id, milestone)
    return milestone


@transaction.atomic
def milestone_release(
    *, milestone: Milestone, user: User, idempotency_key: str | None = None
) -> Milestone:
    """The client approves submitted work: escrow pays the freelancer, less the fee."""
    milestone = _lock(milestone)
    contract = milestone.contract
    _require_client(contract, user)
    arguments = _escrow_arguments(milestone, with_freelancer=True)
    if _replayed(user=user, key=idempotency_key, action="release", arguments=arguments):
        return milestone
    _require_active(contract)
    if domain.milestone_target(milestone.status, "released") is None:
        _move(milestone, "released")  # raises the transition error
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
    milestone = _lock(milestone)
    contract = milestone.contract
    _require_party(contract, user)
    _require_active(contract)
    _move(milestone, "disputed")
    other = contract.freelancer_id if user.pk == contract.client_id else contract.client_id
    _notify(contract, "disputed", other, milestone)
    return milestone


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
    milestone = _lock(milestone)
    contract = milestone.contract
    if domain.milestone_target(milestone.status, "resolved") is None:
        _move(milestone, "resolved")  # raises the transition error
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
    milestone = _lock(milestone)
    contract = milestone.contract
    if not user.is_staff:
        _require_client(contract, user)
    arguments = _escrow_arguments(milestone, with_freelancer=False)
    if _replayed(user=user, key=idempotency_key, action="refund", arguments=arguments):
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


def _notify(
    contract: Contract, kind: str, recipient_id: int, milestone: Milestone | None = None
) -> None:
    outbox.message_queue(
        handler=notifications.contract_email_send,
        kwargs={
            "contract_id": contract.pk,
            "kind": kind,
            "recipient_id": recipient_id,
            "milestone_id": milestone.pk if milestone else None,
        },
    )
