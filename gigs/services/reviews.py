"""Reviews after a contract: each side reviews the other once, blind until both are in.

A contract may be reviewed once it completed, or was cancelled after money was released to
the freelancer (gigs.review_selectors.reviewable), for REVIEW_WINDOW_DAYS from its end. The
second review of a contract publishes both; the publishing task publishes the rest when
their window closes. A review never changes once written; the reviewed side replies once,
and staff hide an abusive one with a reason.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from gigs import notifications
from gigs.domain import (
    RATINGS,
    REVIEW_REPLY_LENGTH,
    REVIEW_TEXT_LENGTH,
    REVIEW_WINDOW_DAYS,
    ReviewRole,
)
from gigs.models import Contract, Review
from gigs.review_selectors import reviewable, window_closes
from outbox import services as outbox

# Contracts one run of the publishing task publishes; the next run takes the rest, so a
# backlog never holds one transaction open for long.
PUBLISH_BATCH = 500


class ReviewError(ValidationError):
    """The review, reply or moderation is not allowed in the review's or contract's state."""


def _clean_text(text: Any, *, field: str, limit: int, what: str) -> str:
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise ValidationError({field: f"Write {what}."})
    if len(text) > limit:
        raise ValidationError({field: f"Keep it to {limit} characters."})
    return text


@transaction.atomic
def review_submit(*, contract: Contract, author: User, rating: Any, text: Any) -> Review:
    """One side of an ended contract reviews the other, once, within the window.

    The review stays blind (seen by its author alone) until the other side's arrives, which
    publishes both, or the window closes. The other side is told by e-mail.
    """
    # The contract's row lock makes the two sides' reviews take turns, so the second one
    # always sees the first and publishes both.
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if author.pk not in (contract.client_id, contract.freelancer_id):
        raise PermissionDenied("Only the contract's client and freelancer review it.")
    if not reviewable(contract):
        raise ReviewError(
            "Reviews open once the contract is completed, or cancelled after a payment.",
            code="not_reviewable",
        )
    now = timezone.now()
    closes = window_closes(contract)
    if closes is None or now >= closes:
        raise ReviewError("The review window of this contract has closed.", code="closed")
    if Review.objects.filter(contract=contract, author=author).exists():
        raise ReviewError("You have reviewed this contract; a review cannot be changed.")
    if type(rating) is not int or rating not in RATINGS:
        raise ValidationError({"rating": f"Give {RATINGS.start} to {RATINGS.stop - 1} stars."})
    text = _clean_text(text, field="text", limit=REVIEW_TEXT_LENGTH, what="a few words")
    by_client = author.pk == contract.client_id
    review = Review(
        contract=contract,
        author=author,
        subject=contract.freelancer if by_client else contract.client,
        subject_role=ReviewRole.FREELANCER if by_client else ReviewRole.CLIENT,
        rating=rating,
        text=text,
    )
    review.full_clean(exclude=["contract", "author", "subject", "hidden_by"], validate_unique=False)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        raise ReviewError("You have reviewed this contract; a review cannot be changed.") from error
    if Review.objects.filter(contract=contract).exclude(pk=review.pk).exists():
        _publish(contract, now)
        review.published_at = now
    else:
        _notify(contract, "received", review.subject_id, closes=closes)
    return review


def _publish(contract: Contract, now: datetime) -> int:
    """Publish the contract's blind reviews and tell both sides; return how many."""
    published = Review.objects.filter(contract=contract, published_at__isnull=True).update(
        published_at=now
    )
    if published:
        for recipient in (contract.client_id, contract.freelancer_id):
            _notify(contract, "published", recipient)
    return published


def reviews_publish_due(*, now: datetime | None = None) -> int:
    """Publish the blind reviews whose window has closed; return how many.

    Safe to run twice, or twice at once: each contract is locked and only its reviews still
    blind are published, so the second run finds nothing and sends nothing.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=REVIEW_WINDOW_DAYS)
    contract_ids = list(
        Review.objects.filter(published_at__isnull=True, contract__ended_at__lte=cutoff)
        .values_list("contract_id", flat=True)
        .distinct()
        .order_by("contract_id")[:PUBLISH_BATCH]
    )
    published = 0
    for contract_id in contract_ids:
        with transaction.atomic():
            contract = Contract.objects.select_for_update().get(pk=contract_id)
            published += _publish(contract, now)
    return published


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


@transaction.atomic
def review_reply(*, review: Review, user: User, text: Any) -> Review:
    """The reviewed side answers a published review in public, once."""
    review = _locked(review)
    if review.subject_id != user.pk:
        raise PermissionDenied("Only the person reviewed may reply.")
    if review.published_at is None:
        raise ReviewError("You can reply once the review is published.", code="blind")
    if review.hidden_at is not None:
        raise ReviewError("Our moderators hid this review; it takes no reply.", code="hidden")
    if review.replied_at is not None:
        raise ReviewError("You have replied; a reply cannot be changed.", code="replied")
    review.reply = _clean_text(text, field="reply", limit=REVIEW_REPLY_LENGTH, what="your reply")
    review.replied_at = timezone.now()
    review.full_clean(exclude=["contract", "author", "subject", "hidden_by"], validate_unique=False)
    review.save(update_fields=["reply", "replied_at"])
    return review


def _moderated(review: Review, moderator: User, *, verb: str) -> Review:
    if not moderator.is_staff:
        raise PermissionDenied(f"Only staff {verb} reviews.")
    return _locked(review)


@transaction.atomic
def review_hide(*, review: Review, moderator: User, reason: str) -> Review:
    """Take a published review off the site; its rating stops counting."""
    review = _moderated(review, moderator, verb="hide")
    if review.published_at is None:
        raise ReviewError("A blind review is not shown yet; there is nothing to hide.")
    review.hidden_reason = _clean_text(
        reason, field="hidden_reason", limit=REVIEW_TEXT_LENGTH, what="why the review is hidden"
    )
    review.hidden_at = timezone.now()
    review.hidden_by = moderator
    review.full_clean(exclude=["contract", "author", "subject", "hidden_by"], validate_unique=False)
    review.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    return review


@transaction.atomic
def review_unhide(*, review: Review, moderator: User) -> Review:
    review = _moderated(review, moderator, verb="unhide")
    review.hidden_at = None
    review.hidden_reason = ""
    review.hidden_by = None
    review.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    return review


def _notify(
    contract: Contract, kind: str, recipient_id: int, *, closes: datetime | None = None
) -> None:
    days = None
    if closes is not None:
        days = max(1, math.ceil((closes - timezone.now()) / timedelta(days=1)))
    outbox.message_queue(
        handler=notifications.review_email_send,
        kwargs={
            "contract_id": contract.pk,
            "kind": kind,
            "recipient_id": recipient_id,
            "days_left": days,
        },
    )
