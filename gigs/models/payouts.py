"""A freelancer's withdrawal: the money set aside in the ledger, where it goes, and when paid."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from core.money import format_money, validate_currency
from core.validators import validate_single_line


class Payout(models.Model):
    """One payout request; its money is in the ledger, this row says where it is to go.

    The method is copied, masked, into ``method_label`` and, in full, sealed into
    ``sealed_details``, so staff pay to what was asked for even if the freelancer later
    changes or deletes the method. The full copy is emptied once the payout is paid.
    """

    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payouts"
    )
    method = models.ForeignKey(
        "gigs.PayoutMethod",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payouts",
    )
    method_label = models.CharField(max_length=200, validators=[validate_single_line])
    amount = models.BigIntegerField(validators=[MinValueValidator(1)], help_text="Minor units.")
    currency = models.CharField(max_length=3, validators=[validate_currency])
    requested = models.OneToOneField(
        "gigs.LedgerTransaction", on_delete=models.PROTECT, related_name="payout"
    )
    paid = models.OneToOneField(
        "gigs.LedgerTransaction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The ledger's record that the money left the platform.",
    )
    sealed_details = models.TextField(
        blank=True,
        editable=False,
        help_text="The method's full details when requested, sealed; emptied once paid.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["paid_at", "created_at"], name="gigs_payout_queue")]

    def __str__(self) -> str:
        return f"{format_money(self.amount, self.currency)} to {self.method_label}"

    @property
    def is_paid(self) -> bool:
        return self.paid_id is not None

    @property
    def amount_label(self) -> str:
        return format_money(self.amount, self.currency)


class PayoutDetailsAccess(models.Model):
    """A staff member saw a pending payout's full details: who, which payout, when."""

    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="details_accesses")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at", "-id"]
        verbose_name_plural = "payout details accesses"

    def __str__(self) -> str:
        return f"Payout #{self.payout_id} details seen by user #{self.viewer_id}"
