"""A freelancer's own profile: details, portfolio items and payout methods."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from careers.models import Skill
from core.money import is_currency
from gigs import domain, encryption, payout_details, portfolio_images
from gigs.models import FreelancerProfile, PayoutMethod, PortfolioItem

PROFILE_FIELDS = ("headline", "hourly_rate", "currency", "bio", "availability")
PORTFOLIO_FIELDS = ("title", "description", "link")
# Enough for a varied portfolio and a few payout options; the caps bound one person's rows.
MAX_PORTFOLIO_ITEMS = 20
MAX_PAYOUT_METHODS = 5
MAX_SKILLS = 30


@transaction.atomic
def profile_save(
    *, user: User, fields: dict[str, Any], skills: Iterable[Skill] | None = None
) -> FreelancerProfile:
    """Create the user's freelancer profile, or update the one they have."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    profile = FreelancerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        token = secrets.token_hex(3)
        profile = FreelancerProfile(
            user=user,
            slug=domain.profile_slug(user.get_full_name() or user.email.split("@")[0], token),
        )
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.currency = (profile.currency or "").upper()
    errors: dict[str, list[str]] = {}
    try:
        profile.full_clean(exclude=["user", "slug", "skills"])
    except ValidationError as error:
        errors = error.message_dict
    if profile.hourly_rate is not None:
        if not profile.currency:
            errors.setdefault("currency", ["Say which currency your rate is in."])
        elif not is_currency(profile.currency):
            errors.setdefault("currency", [f"{profile.currency} is not an ISO 4217 currency code."])
        elif type(profile.hourly_rate) is int and (
            message := domain.amount_error(
                profile.hourly_rate,
                currency=profile.currency,
                budget_type=domain.BudgetType.HOURLY,
                what="An hourly rate",
            )
        ):
            errors.setdefault("hourly_rate", [message])
    if errors:
        raise ValidationError(errors)
    profile.save()
    if skills is not None:
        skills = list(skills)
        if len(skills) > MAX_SKILLS:
            raise ValidationError({"skills": f"Pick at most {MAX_SKILLS} skills."})
        profile.skills.set(skills)
    return profile


def _own_profile(user: User) -> FreelancerProfile:
    profile = FreelancerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        raise ValidationError("Set up your freelancer profile first.")
    return profile


@transaction.atomic
def portfolio_item_add(
    *, user: User, fields: dict[str, Any], image: File | None = None
) -> PortfolioItem:
    """Add a case study; its image, if any, is checked and re-encoded without metadata."""
    profile = _own_profile(user)
    if profile.portfolio_items.count() >= MAX_PORTFOLIO_ITEMS:
        raise ValidationError(f"A portfolio holds at most {MAX_PORTFOLIO_ITEMS} items.")
    item = PortfolioItem(
        profile=profile, **{k: v for k, v in fields.items() if k in PORTFOLIO_FIELDS}
    )
    item.full_clean(exclude=["profile", "image"])
    if image is not None:
        prepared = portfolio_images.prepare(image, size=image.size)
        item.image.save(str(prepared.name), prepared, save=False)
    item.save()
    return item


@transaction.atomic
def portfolio_item_delete(*, user: User, item_id: int) -> None:
    """Delete one of the user's case studies, and its image once the deletion is committed."""
    item = PortfolioItem.objects.select_for_update().filter(pk=item_id, profile__user=user).first()
    if item is None:
        raise Http404("No such portfolio item of yours.")
    image, storage = item.image.name, item.image.storage
    item.delete()
    if image:
        transaction.on_commit(lambda: storage.delete(image))


def _apply_details(method: PayoutMethod, details: payout_details.PayoutDetails) -> None:
    method.bank_country = details.bank_country
    method.bank_name = details.bank_name
    method.bic = details.bic
    method.account_last4 = payout_details.last_four(details)
    method.email_masked = domain.masked_email(details.email) if details.email else ""
    method.sealed = encryption.seal(details.sealed())


@sensitive_variables()
@transaction.atomic
def payout_method_add(*, user: User, kind: str, fields: Mapping[str, str]) -> PayoutMethod:
    """Record a payout method with what its kind needs, the account's values sealed."""
    profile = _own_profile(user)
    if profile.payout_methods.count() >= MAX_PAYOUT_METHODS:
        raise ValidationError(f"Keep at most {MAX_PAYOUT_METHODS} payout methods.")
    method = PayoutMethod(profile=profile, kind=kind)
    _apply_details(method, payout_details.clean(kind, fields))
    method.full_clean(exclude=["profile"])
    method.save()
    return method


@sensitive_variables()
@transaction.atomic
def payout_method_update(*, user: User, method_id: int, fields: Mapping[str, str]) -> PayoutMethod:
    """Enter a method's details again, in full: how one recorded with fewer becomes payable.

    Payouts already requested keep the details they were requested with.
    """
    method = (
        PayoutMethod.objects.select_for_update().filter(pk=method_id, profile__user=user).first()
    )
    if method is None:
        raise Http404("No such payout method of yours.")
    _apply_details(method, payout_details.clean(method.kind, fields))
    method.full_clean(exclude=["profile"])
    method.save()
    return method


@transaction.atomic
def payout_method_delete(*, user: User, method_id: int) -> None:
    deleted, _ = PayoutMethod.objects.filter(pk=method_id, profile__user=user).delete()
    if not deleted:
        raise Http404("No such payout method of yours.")
