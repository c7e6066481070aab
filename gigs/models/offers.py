"""Fixed-price offers ("hourlies") a freelancer publishes and a client buys directly."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.money import format_money, validate_currency
from core.validators import validate_multi_line, validate_single_line
from gigs.domain import GigCategory

# The longest delivery an offer or an extra may promise, in days.
MAX_DELIVERY_DAYS = 365


class OfferStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    PAUSED = "paused", "Paused"


# What /offers/ lists (OfferQuerySet.listed) and the index that finds them newest first.
LISTED = Q(status=OfferStatus.PUBLISHED, is_hidden=False)


class OfferQuerySet(models.QuerySet):
    def listed(self) -> OfferQuerySet:
        """Published offers staff have not hidden: what /offers/ lists and clients may buy."""
        return self.filter(LISTED)

    def by(self, user: object) -> OfferQuerySet:
        return self.filter(freelancer=user)


class Offer(models.Model):
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offers"
    )
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=160, validators=[validate_single_line])
    category = models.CharField(max_length=20, choices=GigCategory.choices)
    description = models.TextField(help_text="Markdown.", validators=[validate_multi_line])
    deliverables = models.TextField(
        help_text="What the client receives, one item a line.", validators=[validate_multi_line]
    )
    price = models.BigIntegerField(validators=[MinValueValidator(1)], help_text="Minor units.")
    currency = models.CharField(max_length=3, validators=[validate_currency])
    delivery_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DELIVERY_DAYS)]
    )
    revisions = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(20)])
    skills = models.ManyToManyField("careers.Skill", related_name="offers", blank=True)
    status = models.CharField(max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    is_hidden = models.BooleanField(default=False, editable=False)
    hidden_reason = models.TextField(blank=True, editable=False, validators=[validate_multi_line])
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="gigs_offer_price_positive"),
            models.CheckConstraint(
                condition=Q(delivery_days__gt=0), name="gigs_offer_delivery_positive"
            ),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"], condition=LISTED, name="gigs_offer_listed_newest"
            ),
            models.Index(fields=["freelancer", "-created_at"], name="gigs_offer_freelancer"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", kwargs={"slug": self.slug})

    @property
    def price_label(self) -> str:
        return format_money(self.price, self.currency)

    @property
    def deliverable_lines(self) -> list[str]:
        return [line.strip() for line in self.deliverables.splitlines() if line.strip()]

    @property
    def is_buyable(self) -> bool:
        return self.status == OfferStatus.PUBLISHED and not self.is_hidden


class OfferExtra(models.Model):
    """Something a client may add to an offer for its own price and extra days."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="extras")
    title = models.CharField(max_length=120, validators=[validate_single_line])
    price = models.BigIntegerField(
        validators=[MinValueValidator(1)], help_text="Minor units of the offer's currency."
    )
    extra_days = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_DELIVERY_DAYS)]
    )

    class Meta:
        ordering = ["offer", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="gigs_offerextra_price_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def price_label(self) -> str:
        return format_money(self.price, self.offer.currency)


class OfferOrder(models.Model):
    """A client's purchase of an offer, with the extras and prices as they were then."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offer_orders"
    )
    title = models.CharField(
        max_length=160,
        validators=[validate_single_line],
        help_text="The offer's title when it was bought.",
    )
    base_price = models.BigIntegerField(validators=[MinValueValidator(1)])
    # [{"id": int, "title": str, "price": int (minor units), "extra_days": int}]
    extras = models.JSONField(default=list, blank=True)
    total = models.BigIntegerField(validators=[MinValueValidator(1)])
    currency = models.CharField(max_length=3, validators=[validate_currency])
    delivery_days = models.PositiveSmallIntegerField()
    idempotency_key = models.CharField(
        max_length=100, blank=True, editable=False, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gt=0), name="gigs_offerorder_total_positive"),
            models.UniqueConstraint(
                fields=["buyer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="gigs_offerorder_key_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Order {self.pk}: {self.title}"

    @property
    def total_label(self) -> str:
        return format_money(self.total, self.currency)
