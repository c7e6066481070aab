"""The marketplace: gigs clients post, proposals freelancers send, invitations to propose."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from core.money import format_money
from core.validators import validate_multi_line, validate_single_line
from gigs.domain import (
    GIG_EDITABLE,
    BudgetType,
    Duration,
    GigCategory,
    GigStatus,
    ProposalStatus,
    budget_label,
)

# The gigs /gigs/ lists (GigQuerySet.listed) and the index that finds them newest first.
LISTED = Q(status=GigStatus.OPEN, is_hidden=False)


class GigQuerySet(models.QuerySet):
    def listed(self) -> GigQuerySet:
        """Open gigs staff have not hidden: what /gigs/ and the API list."""
        return self.filter(LISTED)

    def by(self, user: object) -> GigQuerySet:
        return self.filter(client=user)


class Gig(models.Model):
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gigs"
    )
    company = models.ForeignKey(
        "jobs.Company",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gigs",
        help_text="The company the client recruits for, if any.",
    )
    title = models.CharField(max_length=160, validators=[validate_single_line])
    slug = models.SlugField(max_length=100, unique=True)
    category = models.CharField(max_length=20, choices=GigCategory.choices)
    description = models.TextField(help_text="Markdown.", validators=[validate_multi_line])
    skills = models.ManyToManyField("careers.Skill", related_name="gigs", blank=True)
    budget_type = models.CharField(
        max_length=10, choices=BudgetType.choices, default=BudgetType.FIXED
    )
    budget_min = models.BigIntegerField(validators=[MinValueValidator(1)], help_text="Minor units.")
    budget_max = models.BigIntegerField(validators=[MinValueValidator(1)], help_text="Minor units.")
    currency = models.CharField(max_length=3, validators=[validate_single_line])
    duration = models.CharField(max_length=20, choices=Duration.choices, default=Duration.WEEKS)
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=GigStatus.choices, default=GigStatus.DRAFT)
    is_hidden = models.BooleanField(default=False, editable=False)
    hidden_reason = models.TextField(blank=True, editable=False, validators=[validate_multi_line])
    posted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Maintained by a database trigger on PostgreSQL (gigs migration 0006, read by
    # gigs/search/postgres.py); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = GigQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__gt=0) & Q(budget_min__lte=F("budget_max")),
                name="gigs_gig_budget_positive_and_ordered",
            ),
        ]
        indexes = [
            # /gigs/ newest first: open, visible gigs only.
            models.Index(
                fields=["-posted_at", "-id"], condition=LISTED, name="gigs_gig_listed_newest"
            ),
            models.Index(fields=["client", "-created_at"], name="gigs_gig_client"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("gigs:detail", kwargs={"slug": self.slug})

    @property
    def budget_label(self) -> str:
        return budget_label(
            budget_min=self.budget_min,
            budget_max=self.budget_max,
            currency=self.currency,
            budget_type=self.budget_type,
        )

    @property
    def is_open(self) -> bool:
        return self.status == GigStatus.OPEN and not self.is_hidden

    @property
    def is_hourly(self) -> bool:
        return self.budget_type == BudgetType.HOURLY

    @property
    def is_editable(self) -> bool:
        return self.status in GIG_EDITABLE


class Proposal(models.Model):
    gig = models.ForeignKey(Gig, on_delete=models.CASCADE, related_name="proposals")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals"
    )
    approach = models.TextField(validators=[validate_multi_line])
    experience = models.TextField("relevant experience", validators=[validate_multi_line])
    price = models.BigIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Minor units of the gig's currency: the whole price, or an hourly rate.",
    )
    timeline = models.CharField(max_length=120, validators=[validate_single_line])
    # [{"title": str, "amount": int (minor units)}], checked by gigs.domain.milestone_errors.
    milestones = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    decline_reason = models.TextField(blank=True, validators=[validate_multi_line])
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gig", "freelancer"], name="gigs_proposal_one_per_freelancer"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="gigs_proposal_price_positive"),
        ]

    def __str__(self) -> str:
        return f"Proposal #{self.pk} on {self.gig_id}"

    @property
    def is_editable(self) -> bool:
        return self.status == ProposalStatus.SUBMITTED

    @property
    def price_label(self) -> str:
        per = " an hour" if self.gig.is_hourly else ""
        return f"{format_money(self.price, self.gig.currency)}{per}"


class Invitation(models.Model):
    """A client asks a freelancer to propose on a gig; once per gig and freelancer."""

    gig = models.ForeignKey(Gig, on_delete=models.CASCADE, related_name="invitations")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gig_invitations"
    )
    message = models.TextField(blank=True, validators=[validate_multi_line])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gig", "freelancer"], name="gigs_invitation_once_per_freelancer"
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.freelancer_id} for {self.gig_id}"
