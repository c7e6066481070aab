"""Reviews both sides of an ended contract write of each other, blind until both are in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.validators import validate_multi_line
from gigs.domain import RATINGS, REVIEW_REPLY_LENGTH, REVIEW_TEXT_LENGTH, ReviewRole

# Published and not hidden: what profiles, gig pages and the API show and average.
PUBLIC = Q(published_at__isnull=False, hidden_at__isnull=True)


class ReviewQuerySet(models.QuerySet["Review"]):
    def public(self) -> ReviewQuerySet:
        return self.filter(PUBLIC)


class Review(models.Model):
    contract = models.ForeignKey("gigs.Contract", on_delete=models.PROTECT, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_written"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews_received",
        help_text="The other side of the contract, whom the review is about.",
    )
    subject_role = models.CharField(max_length=10, choices=ReviewRole.choices)
    rating = models.PositiveSmallIntegerField(help_text="From 1 to 5 stars.")
    text = models.TextField(max_length=REVIEW_TEXT_LENGTH, validators=[validate_multi_line])
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while the review is blind."
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True, validators=[validate_multi_line])
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply = models.TextField(
        blank=True, max_length=REVIEW_REPLY_LENGTH, validators=[validate_multi_line]
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "author"], name="gigs_review_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=RATINGS.start, rating__lt=RATINGS.stop),
                name="gigs_review_rating",
            ),
            models.CheckConstraint(
                condition=~Q(author=models.F("subject")), name="gigs_review_not_self"
            ),
        ]
        indexes = [
            # A user's public reviews on one side, newest first, and their rating aggregate.
            models.Index(
                fields=["subject", "subject_role", "-published_at", "-id"],
                condition=PUBLIC,
                name="gigs_review_public",
            ),
            # The blind reviews the publishing task looks through.
            models.Index(
                fields=["contract"],
                condition=Q(published_at__isnull=True),
                name="gigs_review_blind",
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.pk} of user {self.subject_id} on contract {self.contract_id}"

    @property
    def is_public(self) -> bool:
        return self.published_at is not None and self.hidden_at is None

    @property
    def stars(self) -> str:
        return "★" * self.rating + "☆" * (RATINGS.stop - 1 - self.rating)
