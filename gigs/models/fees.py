"""The platform's fee schedules: versions by start date, each with its marginal tiers."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.money import validate_currency

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class FeeSchedule(models.Model):
    """A version of the fee rules; a release uses the newest one already in effect."""

    effective_from = models.DateTimeField(unique=True)
    currency = models.CharField(
        max_length=3,
        default="GBP",
        validators=[validate_currency],
        help_text="The currency of the tiers' bounds; other currencies convert into it.",
    )
    conversion_fee_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=PERCENT_VALIDATORS,
        help_text="Added to the fee when the release is in another currency.",
    )

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"Fees from {self.effective_from:%Y-%m-%d %H:%M} ({self.currency})"


class FeeTier(models.Model):
    """``rate`` percent of what a freelancer bills a client up to ``up_to`` in total."""

    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="tiers")
    up_to = models.BigIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Cumulative bound in minor units of the schedule's currency; empty for the last.",
    )
    rate = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS)

    class Meta:
        ordering = ["schedule", models.F("up_to").asc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "up_to"], name="gigs_fee_tier_unique"),
            models.UniqueConstraint(
                fields=["schedule"], condition=Q(up_to__isnull=True), name="gigs_fee_tier_one_last"
            ),
        ]

    def __str__(self) -> str:
        bound = "above" if self.up_to is None else f"up to {self.up_to}"
        return f"{self.rate}% {bound}"
