"""A gig's life: a client creates, edits, publishes, closes, reopens or cancels it; staff hide it.

The status machine and the budget rules are gigs.domain's; these functions lock the gig,
check who acts (``_locked``; staff hiding is gigs.services.listings'), validate and write.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from careers.models import Skill
from gigs import domain
from gigs.domain import GigStatus
from gigs.models import Gig
from gigs.services import listings
from jobs import permissions as job_permissions
from jobs.models import Company

# Fields a client sets; status, dates and moderation are the services'.
CLIENT_FIELDS = (
    "title",
    "category",
    "description",
    "budget_type",
    "budget_min",
    "budget_max",
    "currency",
    "duration",
    "deadline",
)
# Once a freelancer has priced a proposal, the unit of its price stays put.
PRICED_FIELDS = ("budget_type", "currency")


# A gig asks for a handful of skills; the cap keeps one request from naming thousands.
class TransitionError(ValidationError):
    """The gig is not in a status that allows this action."""


def _locked(gig: Gig, user: User) -> Gig:
    """The gig's row, locked until the transaction ends, once ``user`` is shown its client."""
    gig = Gig.objects.select_for_update().get(pk=gig.pk)
    if gig.client_id != user.pk:
        raise PermissionDenied("Only the gig's client may do this.")
    return gig


def _require_company(user: User, company: Company | None) -> None:
    if company is not None and not job_permissions.can_write(user, company):
        raise PermissionDenied("You do not recruit for this company.")


def _apply_fields(gig: Gig, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(CLIENT_FIELDS)
    if unknown:
        raise ValueError(f"Not client-editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(gig, name, value)
    gig.currency = (gig.currency or "").upper()


def _validate_and_save(gig: Gig) -> None:
    errors: dict[str, list[str]] = {}
    try:
        gig.full_clean(exclude=["slug", "client", "company", "skills"])
    except ValidationError as error:
        errors = error.message_dict
    for field, message in domain.budget_errors(
        budget_min=gig.budget_min if type(gig.budget_min) is int else None,
        budget_max=gig.budget_max if type(gig.budget_max) is int else None,
        currency=gig.currency,
        budget_type=gig.budget_type,
    ).items():
        errors.setdefault(field, [message])
    if errors:
        raise ValidationError(errors)
    gig.save()


def _move(gig: Gig, action: str) -> Gig:
    target = domain.gig_target(gig.status, action)
    if target is None:
        raise TransitionError(
            f"A gig that is {gig.get_status_display().lower()} cannot be {action}."
        )
    gig.status = target
    if target == GigStatus.OPEN and gig.posted_at is None:
        gig.posted_at = timezone.now()
    gig.save(update_fields=["status", "posted_at", "updated_at"])
    return gig


@transaction.atomic
def gig_create(
    *,
    client: User,
    fields: dict[str, Any],
    skills: Iterable[Skill] = (),
    company: Company | None = None,
    publish: bool = False,
) -> Gig:
    """Create a draft gig; with ``publish`` open it to proposals at once."""
    _require_company(client, company)
    gig = Gig(client=client, company=company, status=GigStatus.DRAFT)
    _apply_fields(gig, fields)
    gig.slug = domain.gig_slug(str(gig.title), secrets.token_hex(3))
    _validate_and_save(gig)
    listings.skills_set(gig, skills)
    if publish:
        gig = _move(gig, "published")
    return gig


@transaction.atomic
def gig_update(
    *,
    gig: Gig,
    user: User,
    fields: dict[str, Any],
    skills: Iterable[Skill] | None = None,
    change_company: bool = False,
    company: Company | None = None,
) -> Gig:
    """Edit a gig until work starts. Its currency and budget type stay once it has proposals.

    With ``change_company`` the gig is for ``company`` (None: for the client alone).
    """
    gig = _locked(gig, user)
    if gig.status not in domain.GIG_EDITABLE:
        raise TransitionError(f"A gig that is {gig.get_status_display().lower()} cannot be edited.")
    if gig.proposals.exists():
        changed = [
            name for name in PRICED_FIELDS if name in fields and fields[name] != getattr(gig, name)
        ]
        if changed:
            raise ValidationError(
                dict.fromkeys(
                    changed, "Freelancers have priced proposals in this; it cannot change now."
                )
            )
    if change_company:
        _require_company(user, company)
        gig.company = company
    _apply_fields(gig, fields)
    _validate_and_save(gig)
    if skills is not None:
        listings.skills_set(gig, skills)
    return gig


@transaction.atomic
def gig_publish(*, gig: Gig, user: User) -> Gig:
    return _move(_locked(gig, user), "published")


@transaction.atomic
def gig_close(*, gig: Gig, user: User) -> Gig:
    """Stop taking proposals; the proposals already in stay."""
    return _move(_locked(gig, user), "closed")


@transaction.atomic
def gig_reopen(*, gig: Gig, user: User) -> Gig:
    return _move(_locked(gig, user), "reopened")


@transaction.atomic
def gig_cancel(*, gig: Gig, user: User) -> Gig:
    return _move(_locked(gig, user), "cancelled")


@transaction.atomic
def gig_hide(*, gig: Gig, moderator: User, reason: str) -> Gig:
    """Take a gig off the list and its page off the site; the client sees the reason."""
    return listings.listing_hide(gig, moderator=moderator, reason=reason, reader="client")


@transaction.atomic
def gig_unhide(*, gig: Gig, moderator: User) -> Gig:
    return listings.listing_unhide(gig, moderator=moderator)
