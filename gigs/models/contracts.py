"""Contracts a client makes by accepting a proposal, and the milestones paid through escrow."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.money import format_money, validate_currency
from core.validators import validate_single_line
from gigs.domain import (
    MILESTONE_TITLE_LENGTH,
    BudgetType,
    ContractStatus,
    MilestoneStatus,
    milestone_subject,
)
from gigs.hours import MAX_WEEK_MINUTES, hours_label, pool_prefix


class Contract(models.Model):
    # A contract comes from an accepted proposal on a gig, or from a bought offer.
    gig = models.ForeignKey(
        "gigs.Gig", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    proposal = models.OneToOneField(
        "gigs.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="contract"
    )
    order = models.OneToOneField(
        "gigs.OfferOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contract",
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_contracts"
    )
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="freelance_contracts"
    )
    contract_type = models.CharField(max_length=10, choices=BudgetType.choices)
    currency = models.CharField(max_length=3, validators=[validate_currency])
    price = models.BigIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Minor units: the agreed fixed price, or the hourly rate.",
    )
    status = models.CharField(
        max_length=20, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    weekly_limit_minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEK_MINUTES)],
        help_text="Hourly contracts: the most a week's log may hold, set by the client.",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who ended the contract before its work was done.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    ended_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the contract completed or was cancelled; the review window starts.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(proposal__isnull=False, gig__isnull=False, order__isnull=True))
                | (Q(proposal__isnull=True, gig__isnull=True, order__isnull=False)),
                name="gigs_contract_one_source",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-created_at"], name="gigs_contract_client"),
            models.Index(fields=["freelancer", "-created_at"], name="gigs_contract_freelancer"),
        ]

    def __str__(self) -> str:
        return f"Contract {self.pk}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("gigs:contract", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        """The gig's title, or the bought offer's title as it was at purchase."""
        if self.order is not None:
            return self.order.title
        return self.gig.title if self.gig is not None else ""

    @property
    def subject_label(self) -> str:
        return f"{'Offer' if self.order_id is not None else 'Gig'}: {self.title}"

    @property
    def source_url(self) -> str:
        """The page the contract came from: the gig's, or the bought offer's."""
        if self.order is not None:
            return self.order.offer.get_absolute_url()
        return self.gig.get_absolute_url() if self.gig is not None else ""

    @property
    def price_label(self) -> str:
        per = " an hour" if self.contract_type == BudgetType.HOURLY else ""
        return f"{format_money(self.price, self.currency)}{per}"

    @property
    def is_hourly(self) -> bool:
        return self.contract_type == BudgetType.HOURLY

    @property
    def pool_prefix(self) -> str:
        return pool_prefix(self.pk)

    @property
    def weekly_limit_label(self) -> str:
        return hours_label(self.weekly_limit_minutes) if self.weekly_limit_minutes else ""


class Milestone(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=MILESTONE_TITLE_LENGTH, validators=[validate_single_line])
    amount = models.BigIntegerField(
        validators=[MinValueValidator(1)], help_text="Minor units of the contract's currency."
    )
    due_date = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the other side agreed; funding needs it."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contract", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="gigs_milestone_amount"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> str:
        return milestone_subject(self.pk)

    @property
    def amount_label(self) -> str:
        return format_money(self.amount, self.contract.currency)
