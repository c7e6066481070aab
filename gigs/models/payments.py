"""A client's request to fund a subject, with the reference their payment must quote."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from core.money import validate_currency
from core.validators import validate_single_line


class FundingRequest(models.Model):
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="funding_requests"
    )
    subject = models.CharField(max_length=100, validators=[validate_single_line])
    amount = models.BigIntegerField(validators=[MinValueValidator(1)])
    currency = models.CharField(max_length=3, validators=[validate_currency])
    provider = models.CharField(max_length=30, validators=[validate_single_line])
    reference = models.CharField(max_length=40, unique=True, validators=[validate_single_line])
    funded_by = models.OneToOneField(
        "gigs.LedgerTransaction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The escrow funding this request led to, once the money arrived.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.reference} for {self.subject}"
