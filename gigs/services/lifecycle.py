"""A contract's start and end: hiring from an accepted proposal, and ending it early.

Ending settles what can be settled at once and refuses what needs a decision first: funded
milestones with no work submitted are refunded, proposed ones dropped, an hourly contract's
unspent escrow returned; a submitted or disputed milestone or hour log must be settled
before. A contract that paid the freelancer anything is completed (reviews follow it),
one that paid nothing is cancelled, and its gig follows.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from gigs import domain, hours, notifications, selectors
from gigs.domain import BudgetType, ContractStatus, MilestoneStatus, ProposalStatus
from gigs.errors import IdempotencyConflict
from gigs.models import Contract, Gig, IdempotencyKey, Milestone, Proposal
from gigs.services import escrow
from gigs.services.acting import (
    TransitionError,
    notify,
    other_side,
    require_active,
    require_party,
)
from gigs.services.idempotency import fingerprint
from outbox import services as outbox

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
    notify(contract, "accepted", contract.freelancer_id)
    return contract


# --- Ending a contract ---------------------------------------------------------------------


def _key_used(*, user: User, key: str | None, contract: Contract) -> bool:
    """Record ``key`` for ending this contract; True when it already ended it."""
    if key is None:
        return False
    digest = fingerprint("end", {"contract": contract.pk})
    record, created = IdempotencyKey.objects.get_or_create(
        user=user, key=key, defaults={"fingerprint": digest}
    )
    if record.fingerprint != digest:
        raise IdempotencyConflict(
            "This idempotency key was already used for a different request.",
            code="idempotency_conflict",
        )
    # The key row commits with the ending, so finding it means this key ended the contract.
    return not created


@transaction.atomic
def contract_end(*, contract: Contract, user: User, idempotency_key: str | None = None) -> Contract:
    """Either side ends an active contract; see the module's docstring for what it settles."""
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("client", "freelancer", "gig", "order")
        .get(pk=contract.pk)
    )
    require_party(contract, user)
    if _key_used(user=user, key=idempotency_key, contract=contract):
        return contract
    require_active(contract)
    milestones = list(contract.milestones.select_for_update().order_by("position", "id"))
    logs = contract.hour_logs.select_for_update().filter(status__in=hours.OPEN_HOURLOGS)
    if any(m.status in domain.OPEN_MILESTONES for m in milestones) or logs.exists():
        raise TransitionError(
            "Submitted or disputed work is waiting: release, cancel or settle it (or wait "
            "for staff to resolve the dispute) before ending the contract."
        )
    now = timezone.now()
    for milestone in milestones:
        milestone.updated_at = now
        if milestone.status == MilestoneStatus.FUNDED:
            escrow.escrow_refund(
                actor=user,
                client=contract.client,
                subject=milestone.subject,
                amount=milestone.amount,
                currency=contract.currency,
            )
            milestone.status = MilestoneStatus.REFUNDED
        elif (target := domain.milestone_target(milestone.status, "dropped")) is not None:
            milestone.status = target
    Milestone.objects.bulk_update(milestones, ["status", "updated_at"])
    held = selectors.escrow_pool_held(
        client=contract.client, prefix=contract.pool_prefix, currency=contract.currency
    )
    if held:
        escrow.escrow_refund(
            actor=user,
            client=contract.client,
            subject=hours.return_subject(contract.pk),
            amount=held,
            currency=contract.currency,
            pool=contract.pool_prefix,
        )
    paid = selectors.contract_paid(contract=contract)
    contract.status = ContractStatus.COMPLETED if paid else ContractStatus.CANCELLED
    contract.ended_by, contract.ended_at = user, now
    contract.save(update_fields=["status", "ended_by", "ended_at", "updated_at"])
    if contract.gig_id is None:
        notify(contract, "ended", other_side(contract, user))
        return contract
    gig = Gig.objects.select_for_update().get(pk=contract.gig_id)
    if (target := domain.gig_target(gig.status, "completed" if paid else "abandoned")) is not None:
        gig.status = target
        gig.save(update_fields=["status", "updated_at"])
    notify(contract, "ended", other_side(contract, user))
    return contract
