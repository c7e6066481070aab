"""E-mails the marketplace sends: proposals, invitations, each step of a contract, payouts."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from gigs.models import Contract, HourLog, Invitation, Milestone, Payout, Proposal
from outbox.mail import email_build, emails_send

PROPOSAL_SUBJECTS = {
    "received": "New proposal on {title}",
    "declined": "Your proposal on {title} was declined",
}


def proposal_email_send(*, proposal_id: int, kind: str) -> int:
    """Tell the gig's client of a new proposal, or the freelancer of a declined one.

    Called by the outbox after the change commits; a proposal deleted since sends nothing.
    """
    proposal = (
        Proposal.objects.select_related("gig__client", "freelancer").filter(pk=proposal_id).first()
    )
    if proposal is None:
        return 0
    gig = proposal.gig
    to = gig.client if kind == "received" else proposal.freelancer
    if not to.is_active:
        return 0
    context = {
        "proposal": proposal,
        "gig": gig,
        "gig_url": settings.SITE_URL + gig.get_absolute_url(),
        "proposals_url": settings.SITE_URL + reverse("gigs:proposals", args=[gig.slug]),
        "list_url": settings.SITE_URL + reverse("gigs:list"),
    }
    subject = PROPOSAL_SUBJECTS[kind].format(title=gig.title)
    body = render_to_string(f"gigs/email/proposal_{kind}.txt", context)
    return emails_send([email_build(subject=subject, body=body, to=[to.email])])


def invitation_email_send(*, invitation_id: int) -> int:
    """Invite a freelancer to propose on a gig."""
    invitation = (
        Invitation.objects.select_related("gig__client", "freelancer")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.freelancer.is_active:
        return 0
    gig = invitation.gig
    context = {
        "invitation": invitation,
        "gig": gig,
        "gig_url": settings.SITE_URL + gig.get_absolute_url(),
    }
    subject = f"You are invited to propose on {gig.title}"
    body = render_to_string("gigs/email/invitation.txt", context)
    return emails_send([email_build(subject=subject, body=body, to=[invitation.freelancer.email])])


# What each contract e-mail says, by kind; the recipient is the side that acts next.
CONTRACT_SUBJECTS = {
    "accepted": "Your proposal on {title} was accepted",
    "ordered": "New order: {title}",
    "funded": "Milestone funded on {title}: you can start",
    "submitted": "Work submitted on {title}: review and release",
    "released": "Payment released on {title}",
    "disputed": "A milestone on {title} is disputed",
    "resolved": "The dispute on {title} is resolved",
    "hours_submitted": "Hours logged on {title}: approve or reject",
    "hours_approved": "Hours approved and paid on {title}",
    "hours_auto_approved": "We approved a week of hours on {title} after 7 days",
    "hours_rejected": "Hours rejected on {title}",
    "hours_disputed": "The freelancer disputes rejected hours on {title}",
    "hours_resolved": "The dispute over hours on {title} is resolved",
    "ended": "The contract for {title} has ended",
}


def contract_email_send(
    *,
    contract_id: int,
    kind: str,
    recipient_id: int,
    milestone_id: int | None = None,
    hour_log_id: int | None = None,
) -> int:
    """Tell one side of a contract what the other did; called by the outbox after commit."""
    contract = (
        Contract.objects.select_related("gig", "order", "client", "freelancer")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        return 0
    to = contract.client if recipient_id == contract.client_id else contract.freelancer
    if to.pk != recipient_id or not to.is_active:
        return 0
    milestone = (
        Milestone.objects.filter(pk=milestone_id, contract=contract).first()
        if milestone_id
        else None
    )
    hour_log = (
        HourLog.objects.filter(pk=hour_log_id, contract=contract).first() if hour_log_id else None
    )
    context = {
        "contract": contract,
        "milestone": milestone,
        "hour_log": hour_log,
        "contract_url": settings.SITE_URL + contract.get_absolute_url(),
    }
    subject = CONTRACT_SUBJECTS[kind].format(title=contract.title)
    body = render_to_string(f"gigs/email/contract_{kind}.txt", context)
    return emails_send([email_build(subject=subject, body=body, to=[to.email])])


def payout_paid_email_send(*, payout_id: int) -> int:
    """Tell the freelancer their payout was sent; a payout deleted since sends nothing."""
    payout = Payout.objects.select_related("freelancer").filter(pk=payout_id).first()
    if payout is None or not payout.freelancer.is_active:
        return 0
    context = {"payout": payout, "balance_url": settings.SITE_URL + reverse("balance:overview")}
    subject = f"Your payout of {payout.amount_label} is on its way"
    body = render_to_string("gigs/email/payout_paid.txt", context)
    return emails_send([email_build(subject=subject, body=body, to=[payout.freelancer.email])])


REVIEW_SUBJECTS = {
    "received": "{name} reviewed you on {title}: leave yours within {days} to see it",
    "published": "Your reviews on {title} are published",
}


def review_email_send(
    *, contract_id: int, kind: str, recipient_id: int, days_left: int | None = None
) -> int:
    """Tell one side the other reviewed them (blind), or that the contract's reviews are out."""
    contract = (
        Contract.objects.select_related("gig", "order", "client", "freelancer")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        return 0
    to = contract.client if recipient_id == contract.client_id else contract.freelancer
    if to.pk != recipient_id or not to.is_active:
        return 0
    other = contract.freelancer if to.pk == contract.client_id else contract.client
    days = f"{days_left} day{'' if days_left == 1 else 's'}"
    context = {
        "contract": contract,
        "title": contract.title,
        "other_name": other.get_full_name() or "The other side",
        "days": days,
        "contract_url": settings.SITE_URL + contract.get_absolute_url() + "#reviews",
    }
    subject = REVIEW_SUBJECTS[kind].format(
        name=context["other_name"], title=contract.title, days=days
    )
    body = render_to_string(f"gigs/email/review_{kind}.txt", context)
    return emails_send([email_build(subject=subject, body=body, to=[to.email])])
