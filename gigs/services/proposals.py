"""Proposals and invitations: a freelancer proposes, edits, withdraws; the client acts on them.

E-mails (a new proposal to the client, a declined one to the freelancer, an invitation to the
freelancer) go through the outbox once the change commits.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from gigs import domain, notifications
from gigs.domain import BudgetType, ProposalStatus
from gigs.models import Gig, Invitation, Proposal
from outbox import services as outbox

FREELANCER_FIELDS = ("approach", "experience", "price", "timeline", "milestones")


class TransitionError(ValidationError):
    """The proposal is not in a status that allows this action."""


def _require_open(gig: Gig) -> None:
    if not gig.is_open:
        raise ValidationError("This gig is not taking proposals.")


def _apply_fields(proposal: Proposal, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(FREELANCER_FIELDS)
    if unknown:
        raise ValueError(f"Not freelancer-editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(proposal, name, value)
    if proposal.milestones is None:
        proposal.milestones = []


def _validate_and_save(proposal: Proposal) -> None:
    gig = proposal.gig
    errors: dict[str, list[str]] = {}
    try:
        proposal.full_clean(exclude=["gig", "freelancer", "milestones"])
    except ValidationError as error:
        errors = error.message_dict
    price = proposal.price if type(proposal.price) is int else None
    if price is not None and "price" not in errors:
        what = "An hourly rate" if gig.budget_type == BudgetType.HOURLY else "A price"
        if message := domain.amount_error(
            price, currency=gig.currency, budget_type=gig.budget_type, what=what
        ):
            errors["price"] = [message]
    if message := domain.milestone_errors(
        proposal.milestones,
        price=price,
        currency=gig.currency,
        fixed=gig.budget_type == BudgetType.FIXED,
    ):
        errors["milestones"] = [message]
    if errors:
        raise ValidationError(errors)
    proposal.save()


def _require_status(proposal: Proposal, action: str) -> None:
    if not domain.proposal_allows(proposal.status, action):
        raise TransitionError(
            f"A {proposal.get_status_display().lower()} proposal cannot be {action}."
        )


def _locked(proposal: Proposal, user: User, *, by: Literal["client", "freelancer"]) -> Proposal:
    """The proposal's row, locked until the transaction ends, once ``user`` is shown its ``by``.

    ``by``: the gig's client, or the freelancer who sent the proposal.
    """
    proposal = Proposal.objects.select_for_update().select_related("gig").get(pk=proposal.pk)
    if by == "client" and proposal.gig.client_id != user.pk:
        raise PermissionDenied("Only the gig's client may do this.")
    if by == "freelancer" and proposal.freelancer_id != user.pk:
        raise PermissionDenied("Only the freelancer who sent this proposal may do this.")
    return proposal


@transaction.atomic
def proposal_submit(*, gig: Gig, freelancer: User, fields: dict[str, Any]) -> Proposal:
    """Send one proposal on an open gig; the client hears of it by e-mail."""
    gig = Gig.objects.select_for_update().get(pk=gig.pk)
    _require_open(gig)
    if gig.client_id == freelancer.pk:
        raise PermissionDenied("You cannot propose on your own gig.")
    if Proposal.objects.filter(gig=gig, freelancer=freelancer).exists():
        raise ValidationError("You have already sent a proposal on this gig; edit it instead.")
    proposal = Proposal(gig=gig, freelancer=freelancer, status=ProposalStatus.SUBMITTED)
    _apply_fields(proposal, fields)
    try:
        with transaction.atomic():
            _validate_and_save(proposal)
    except IntegrityError as error:
        # Two submits at once: the gig's row lock makes this rare, the constraint certain.
        raise ValidationError("You have already sent a proposal on this gig.") from error
    _notify("received", proposal)
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, user: User, fields: dict[str, Any]) -> Proposal:
    """Edit a proposal until the client shortlists or declines it."""
    proposal = _locked(proposal, user, by="freelancer")
    _require_status(proposal, "edited")
    _apply_fields(proposal, fields)
    _validate_and_save(proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user: User) -> Proposal:
    return _move(_locked(proposal, user, by="freelancer"), "withdrawn")


@transaction.atomic
def proposal_shortlist(*, proposal: Proposal, user: User) -> Proposal:
    return _move(_locked(proposal, user, by="client"), "shortlisted")


@transaction.atomic
def proposal_decline(*, proposal: Proposal, user: User, reason: str = "") -> Proposal:
    """Decline a proposal, with an optional note the freelancer gets by e-mail."""
    proposal = _locked(proposal, user, by="client")
    _require_status(proposal, "declined")
    proposal.decline_reason = reason.strip()
    proposal.full_clean(exclude=["gig", "freelancer", "milestones"])
    proposal = _move(proposal, "declined")
    _notify("declined", proposal)
    return proposal


def _move(proposal: Proposal, action: str) -> Proposal:
    _require_status(proposal, action)
    proposal.status = domain.proposal_target(action) or proposal.status
    proposal.save(update_fields=["status", "decline_reason", "updated_at"])
    return proposal


@transaction.atomic
def invitation_send(*, gig: Gig, client: User, freelancer: User, message: str = "") -> Invitation:
    """Invite a freelancer to propose on an open gig; once per freelancer."""
    gig = Gig.objects.select_for_update().get(pk=gig.pk)
    if gig.client_id != client.pk:
        raise PermissionDenied("Only the gig's client may invite freelancers.")
    _require_open(gig)
    if freelancer.pk == client.pk:
        raise ValidationError("You cannot invite yourself.")
    if not freelancer.is_active or not hasattr(freelancer, "freelancer_profile"):
        raise ValidationError("Invite someone with a freelancer profile.")
    if Invitation.objects.filter(gig=gig, freelancer=freelancer).exists():
        raise ValidationError("You have already invited this freelancer.")
    invitation = Invitation(gig=gig, freelancer=freelancer, message=message.strip())
    invitation.full_clean(exclude=["gig", "freelancer"])
    invitation.save()
    outbox.message_queue(
        handler=notifications.invitation_email_send, kwargs={"invitation_id": invitation.pk}
    )
    return invitation


def _notify(kind: str, proposal: Proposal) -> None:
    outbox.message_queue(
        handler=notifications.proposal_email_send,
        kwargs={"proposal_id": proposal.pk, "kind": kind},
    )
