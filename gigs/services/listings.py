"""Rules gigs and offers share as listings: their skills, and staff hiding one with a reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from careers.models import Skill
from gigs.models import Gig, Offer

MAX_SKILLS = 20

Listing = TypeVar("Listing", Gig, Offer)


def skills_set(listing: Listing, skills: Iterable[Skill]) -> None:
    skills = list(skills)
    if len(skills) > MAX_SKILLS:
        raise ValidationError({"skills": f"Pick at most {MAX_SKILLS} skills."})
    listing.skills.set(skills)


def _moderated(listing: Listing, moderator: User, *, verb: str) -> Listing:
    """The listing's row, locked until the transaction ends, once ``moderator`` is shown staff."""
    if not moderator.is_staff:
        raise PermissionDenied(f"Only staff {verb} {listing._meta.verbose_name_plural}.")
    return type(listing).objects.select_for_update().get(pk=listing.pk)


def listing_hide(listing: Listing, *, moderator: User, reason: str, reader: str) -> Listing:
    """Take the listing off its list and its page off the site; ``reader`` (its owner) sees
    the reason. Call inside a transaction."""
    listing = _moderated(listing, moderator, verb="hide")
    reason = reason.strip()
    name = listing._meta.verbose_name
    if not reason:
        raise ValidationError(
            {"hidden_reason": f"Say why the {name} is hidden; its {reader} reads it."}
        )
    listing.is_hidden = True
    listing.hidden_reason = reason
    listing.clean_fields(
        exclude=[f.name for f in listing._meta.fields if f.name != "hidden_reason"]
    )
    listing.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    return listing


def listing_unhide(listing: Listing, *, moderator: User) -> Listing:
    """Show a hidden listing again. Call inside a transaction."""
    listing = _moderated(listing, moderator, verb="unhide")
    listing.is_hidden = False
    listing.hidden_reason = ""
    listing.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    return listing
