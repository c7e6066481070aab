"""Freelancers: a public profile, its portfolio, and where the freelancer wants to be paid."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from core.money import format_money
from core.validators import validate_multi_line, validate_single_line
from gigs import portfolio_images
from gigs.domain import Availability, PayoutKind, masked_account


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
    image = models.ImageField(
        upload_to=portfolio_images.UPLOAD_TO,
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="Re-encoded on upload (gigs.portfolio_images), so it carries no metadata.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PayoutMethod(models.Model):
    """Where a freelancer wants to be paid, with what staff need to pay there.

    The account holder, IBAN or account number, bank code and PayPal address are sealed
    (gigs.encryption) in ``sealed``; only the last four characters of the account and a
    masked e-mail are kept in the clear, for pages to show which method it is. Methods from
    before full details were asked have no bank country and no sealed account: they are
    shown as needing details and cannot be paid to until the freelancer enters them.
    """

    profile = models.ForeignKey(
        FreelancerProfile, on_delete=models.CASCADE, related_name="payout_methods"
    )
    kind = models.CharField(max_length=10, choices=PayoutKind.choices)
    bank_country = models.CharField(max_length=2, blank=True, validators=[validate_single_line])
    bank_name = models.CharField(max_length=120, blank=True, validators=[validate_single_line])
    bic = models.CharField(
        "SWIFT/BIC", max_length=11, blank=True, validators=[validate_single_line]
    )
    account_last4 = models.CharField(max_length=4, blank=True, validators=[validate_single_line])
    email_masked = models.CharField(max_length=254, blank=True, validators=[validate_single_line])
    sealed = models.TextField(
        blank=True, editable=False, help_text="The sealed details (gigs.encryption)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked}"

    @property
    def masked(self) -> str:
        if self.kind == PayoutKind.PAYPAL:
            return self.email_masked
        return masked_account(self.account_last4)

    @property
    def details_needed(self) -> bool:
        if self.kind == PayoutKind.PAYPAL:
            return not self.email_masked
        return not self.bank_country

    @property
    def label(self) -> str:
        """The method as its owner sees it, masked: 'Bank transfer •••• 6819'."""
        needed = " (details needed)" if self.details_needed else ""
        return f"{self.get_kind_display()} {self.masked}{needed}"
