"""Fixed-price offers: a freelancer creates, edits, publishes or pauses one; staff hide it; a
client buys it.

Buying makes an order (the offer, its chosen extras and their prices as they are now), a
fixed contract with one agreed milestone for the total, and funds that milestone through
gigs.services.contracts.milestone_fund, the same path as any milestone: when the client's
funds fall short the answer carries the funding request the bank transfer quotes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from careers.models import Skill
from gigs.domain import MILESTONE_TITLE_LENGTH, BudgetType
from gigs.errors import IdempotencyConflict
from gigs.models import (
    Contract,
    FundingRequest,
    IdempotencyKey,
    Milestone,
    Offer,
    OfferExtra,
    OfferOrder,
    OfferStatus,
)
from gigs.services import contracts, listings
from gigs.services.acting import notify
from gigs.services.idempotency import fingerprint

# Fields a freelancer sets; status, dates and moderation are the services'.
OWNER_FIELDS = (
    "title",
    "category",
    "description",
    "deliverables",
    "price",
    "currency",
    "delivery_days",
    "revisions",
)
# An offer names a handful of skills and extras; the caps keep one request from naming thousands.
MAX_EXTRAS = 10
EXTRA_FIELDS = ("title", "price", "extra_days")

# Which status each owner action moves an offer to, and from which statuses.
MOVES: dict[str, tuple[frozenset[str], str]] = {
    "published": (frozenset({OfferStatus.DRAFT, OfferStatus.PAUSED}), OfferStatus.PUBLISHED),
    "paused": (frozenset({OfferStatus.PUBLISHED}), OfferStatus.PAUSED),
}


class TransitionError(ValidationError):
    """The offer is not in a status that allows this action."""


@dataclass(frozen=True)
class Purchase:
    """What buying did: the order, its contract and milestone, and a funding request while
    the client's funds fall short of the total."""

    order: OfferOrder
    contract: Contract
    milestone: Milestone
    request: FundingRequest | None


# --- Writing an offer ----------------------------------------------------------------------


def _locked(offer: Offer, user: User) -> Offer:
    """The offer's row, locked until the transaction ends, once ``user`` is shown its seller."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.freelancer_id != user.pk:
        raise PermissionDenied("Only the offer's freelancer may do this.")
    return offer


def _apply_fields(offer: Offer, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(OWNER_FIELDS)
    if unknown:
        raise ValueError(f"Not owner-editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.currency = (offer.currency or "").upper()


def _set_extras(offer: Offer, extras: Sequence[dict[str, Any]]) -> None:
    """Make the offer's extras these: rows with an ``id`` are edited, others added, the
    rest removed. Orders keep their own copy, so removing an extra changes no order."""
    if len(extras) > MAX_EXTRAS:
        raise ValidationError({"extras": f"Offer at most {MAX_EXTRAS} extras."})
    current = {extra.pk: extra for extra in offer.extras.all()}
    kept: list[OfferExtra] = []
    for spec in extras:
        unknown = set(spec) - {*EXTRA_FIELDS, "id"}
        if unknown:
            raise ValueError(f"Not an extra's field: {sorted(unknown)}")
        extra = current.get(spec["id"]) if spec.get("id") is not None else OfferExtra(offer=offer)
        if extra is None:
            raise ValidationError({"extras": "That extra is not one of this offer's."})
        for name in EXTRA_FIELDS:
            if name in spec:
                setattr(extra, name, spec[name])
        try:
            extra.full_clean(exclude=["offer"])
        except ValidationError as error:
            raise ValidationError(
                {"extras": [f"{extra.title or 'Extra'}: {m}" for m in error.messages]}
            ) from error
        kept.append(extra)
    keep_ids = {extra.pk for extra in kept if extra.pk is not None}
    offer.extras.exclude(pk__in=keep_ids).delete()
    for extra in kept:
        extra.save()


def _validate_and_save(offer: Offer) -> None:
    offer.full_clean(exclude=["slug", "freelancer", "skills"])
    offer.save()


def _unique_slug(title: str) -> str:
    return f"{slugify(title)[:80] or 'offer'}-{secrets.token_hex(3)}"


@transaction.atomic
def offer_create(
    *,
    user: User,
    fields: dict[str, Any],
    skills: Iterable[Skill] = (),
    extras: Sequence[dict[str, Any]] = (),
    publish: bool = False,
) -> Offer:
    """A freelancer with a profile drafts an offer, or lists it at once with ``publish``."""
    if not hasattr(user, "freelancer_profile"):
        raise PermissionDenied("Create your freelancer profile before you offer a service.")
    offer = Offer(freelancer=user, slug=_unique_slug(str(fields.get("title") or "")))
    _apply_fields(offer, fields)
    _validate_and_save(offer)
    listings.skills_set(offer, skills)
    _set_extras(offer, extras)
    return _move(offer, "published") if publish else offer


@transaction.atomic
def offer_update(
    *,
    offer: Offer,
    user: User,
    fields: dict[str, Any],
    skills: Iterable[Skill] | None = None,
    extras: Sequence[dict[str, Any]] | None = None,
) -> Offer:
    """The seller edits the offer; orders already made keep the prices they were made at."""
    offer = _locked(offer, user)
    _apply_fields(offer, fields)
    _validate_and_save(offer)
    if skills is not None:
        listings.skills_set(offer, skills)
    if extras is not None:
        _set_extras(offer, extras)
    return offer


def _move(offer: Offer, action: str) -> Offer:
    sources, target = MOVES[action]
    if offer.status not in sources:
        raise TransitionError(
            f"An offer that is {offer.get_status_display().lower()} cannot be {action}."
        )
    offer.status = target
    if target == OfferStatus.PUBLISHED and offer.published_at is None:
        offer.published_at = timezone.now()
    offer.save(update_fields=["status", "published_at", "updated_at"])
    return offer


@transaction.atomic
def offer_publish(*, offer: Offer, user: User) -> Offer:
    return _move(_locked(offer, user), "published")


@transaction.atomic
def offer_pause(*, offer: Offer, user: User) -> Offer:
    """Take the offer off the list for a while; no one can buy it until it is published again."""
    return _move(_locked(offer, user), "paused")


@transaction.atomic
def offer_hide(*, offer: Offer, moderator: User, reason: str) -> Offer:
    """Take an offer off the list and its page off the site; the seller sees the reason."""
    return listings.listing_hide(offer, moderator=moderator, reason=reason, reader="freelancer")


@transaction.atomic
def offer_unhide(*, offer: Offer, moderator: User) -> Offer:
    return listings.listing_unhide(offer, moderator=moderator)


# --- Buying an offer -----------------------------------------------------------------------


def _replayed_order(
    *, buyer: User, key: str | None, arguments: dict[str, Any]
) -> OfferOrder | None:
    """Record ``key`` for this purchase; the order it made when it already made one.

    The key row is inserted first, so a second request with the same key waits on the
    unique index until the first commits, then finds its order.
    """
    if key is None:
        return None
    digest = fingerprint("offer_buy", arguments)
    record, created = IdempotencyKey.objects.get_or_create(
        user=buyer, key=key, defaults={"fingerprint": digest}
    )
    if record.fingerprint != digest:
        raise IdempotencyConflict(
            "This idempotency key was already used for a different request.",
            code="idempotency_conflict",
        )
    if created:
        return None
    return OfferOrder.objects.filter(buyer=buyer, idempotency_key=key).first()


def _purchase(order: OfferOrder) -> Purchase:
    contract = order.contract
    milestone = contract.milestones.get()
    request = FundingRequest.objects.filter(
        subject=milestone.subject, funded_by__isnull=True
    ).first()
    return Purchase(order=order, contract=contract, milestone=milestone, request=request)


def _chosen_extras(offer: Offer, extra_ids: Iterable[int]) -> list[OfferExtra]:
    wanted = set(extra_ids)
    chosen = list(OfferExtra.objects.filter(pk__in=wanted, offer=offer).order_by("id"))
    if len(chosen) != len(wanted):
        raise ValidationError({"extras": "Choose extras from this offer only."})
    return chosen


@transaction.atomic
def offer_buy(
    *,
    offer: Offer,
    buyer: User,
    extra_ids: Iterable[int] = (),
    currency: str | None = None,
    idempotency_key: str | None = None,
) -> Purchase:
    """The client buys the offer with the chosen extras and funds it; see the module's
    docstring. ``currency`` is the one the client was shown; another one is refused."""
    extra_ids = sorted(set(extra_ids))
    arguments = {"offer": offer.pk, "extras": extra_ids, "currency": currency}
    replay = _replayed_order(buyer=buyer, key=idempotency_key, arguments=arguments)
    if replay is not None:
        return _purchase(replay)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.freelancer_id == buyer.pk:
        raise PermissionDenied("You cannot buy your own offer.")
    if not offer.is_buyable:
        raise TransitionError("This offer is not for sale at the moment.")
    if currency is not None and currency.upper() != offer.currency:
        raise ValidationError(
            {"currency": f"This offer is priced in {offer.currency}, not {currency.upper()}."}
        )
    extras = _chosen_extras(offer, extra_ids)
    total = offer.price + sum(extra.price for extra in extras)
    days = offer.delivery_days + sum(extra.extra_days for extra in extras)
    order = OfferOrder.objects.create(
        offer=offer,
        buyer=buyer,
        title=offer.title,
        base_price=offer.price,
        extras=[
            {"id": e.pk, "title": e.title, "price": e.price, "extra_days": e.extra_days}
            for e in extras
        ],
        total=total,
        currency=offer.currency,
        delivery_days=days,
        idempotency_key=idempotency_key or "",
    )
    contract = Contract.objects.create(
        order=order,
        client=buyer,
        freelancer=offer.freelancer,
        contract_type=BudgetType.FIXED,
        currency=offer.currency,
        price=total,
    )
    milestone = Milestone.objects.create(
        contract=contract,
        title=offer.title[:MILESTONE_TITLE_LENGTH],
        amount=total,
        due_date=timezone.localdate() + timedelta(days=days),
        proposed_by=offer.freelancer,
        agreed_at=timezone.now(),  # the seller set the price, the client agrees by buying
    )
    notify(contract, "ordered", offer.freelancer_id)
    # The order's own key, not the client's: that one is already recorded for the purchase.
    funding = contracts.milestone_fund(
        milestone=milestone, user=buyer, idempotency_key=f"order:{order.pk}:fund"
    )
    return Purchase(
        order=order, contract=contract, milestone=funding.milestone, request=funding.request
    )
