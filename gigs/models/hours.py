"""Weekly hour logs of hourly contracts: the freelancer submits a week, the client approves."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.money import format_money
from core.validators import validate_single_line
from gigs.hours import (
    DESCRIPTION_LENGTH,
    MAX_WEEK_MINUTES,
    REASON_LENGTH,
    HourLogStatus,
    hourlog_subject,
    hours_label,
)


class HourLog(models.Model):
    contract = models.ForeignKey(
        "gigs.Contract", on_delete=models.PROTECT, related_name="hour_logs"
    )
    week = models.DateField(help_text="The Monday of the ISO week.")
    minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEK_MINUTES)]
    )
    description = models.CharField(
        max_length=DESCRIPTION_LENGTH,
        validators=[validate_single_line],
        help_text="What the hours went on.",
    )
    amount = models.BigIntegerField(
        help_text="Minor units: minutes times the hourly rate, rounded half up at submission."
    )
    status = models.CharField(
        max_length=20, choices=HourLogStatus.choices, default=HourLogStatus.SUBMITTED
    )
    reason = models.CharField(
        max_length=REASON_LENGTH,
        blank=True,
        validators=[validate_single_line],
        help_text="Why the client rejected the log.",
    )
    approved_automatically = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contract", "-week"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "week"], name="gigs_hourlog_one_a_week"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_WEEK_MINUTES),
                name="gigs_hourlog_minutes",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="gigs_hourlog_amount"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="gigs_hourlog_due")]

    def __str__(self) -> str:
        return f"Week of {self.week:%d %b %Y}, {self.hours_label}"

    @property
    def subject(self) -> str:
        return hourlog_subject(self.contract_id, self.pk)

    @property
    def hours_label(self) -> str:
        return hours_label(self.minutes)

    @property
    def amount_label(self) -> str:
        return format_money(self.amount, self.contract.currency)
