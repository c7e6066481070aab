"""Freelancers: a public profile, its portfolio, and where the freelancer wants to be paid."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from core.money import format_money
from core.validators import validate_multi_line, validate_single_line
from gigs.domain import Availability, PayoutKind, masked_account, masked_email


class FreelancerProfile(models.Model):
    """Any signed-in user may have one: it is what clients see when they hire."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="freelancer_profile"
    )
    slug = models.SlugField(max_length=80, unique=True)
    headline = models.CharField(max_length=160, validators=[validate_single_line])
    hourly_rate = models.BigIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)], help_text="Minor units."
    )
    currency = models.CharField(max_length=3, blank=True, validators=[validate_single_line])
    skills = models.ManyToManyField("careers.Skill", related_name="freelancers", blank=True)
    bio = models.TextField(blank=True, help_text="Markdown.", validators=[validate_multi_line])
    availability = models.CharField(
        max_length=20, choices=Availability.choices, default=Availability.PART_TIME
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("freelancers:detail", kwargs={"slug": self.slug})

    @property
    def rate_label(self) -> str:
        if self.hourly_rate is None or not self.currency:
            return ""
        return f"{format_money(self.hourly_rate, self.currency)} an hour"


class PortfolioItem(models.Model):
    """A case study: what the freelancer did, and where to read more."""

    profile = models.ForeignKey(
        FreelancerProfile, on_delete=models.CASCADE, related_name="portfolio_items"
    )
    title = models.CharField(max_length=160, validators=[validate_single_line])
    description = models.TextField(
        blank=True, help_text="Markdown.", validators=[validate_multi_line]
    )
    link = models.URLField(max_length=500, blank=True, validators=[validate_single_line])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PayoutMethod(models.Model):
    """Where a freelancer wants to be paid, kept to what identifies it for them.

    Of a bank account only the last four characters are kept: paying out will collect the
    full details through the payment provider. A PayPal payout needs the address itself.
    Pages show both masked.
    """

    profile = models.ForeignKey(
        FreelancerProfile, on_delete=models.CASCADE, related_name="payout_methods"
    )
    kind = models.CharField(max_length=10, choices=PayoutKind.choices)
    holder_name = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    bank_name = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    account_last4 = models.CharField(max_length=4, blank=True, validators=[validate_single_line])
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked}"

    @property
    def masked(self) -> str:
        if self.kind == PayoutKind.PAYPAL:
            return masked_email(self.email)
        return masked_account(self.account_last4)
