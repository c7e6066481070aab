"""The escrow ledger: accounts, append-only transactions of entries, idempotency keys.

Written here rather than taken from a library: django-hordak keeps Decimal amounts through
django-money (plus mptt, import-export, requests) and django-ledger is a whole bookkeeping
suite with one currency per entity; neither stores integer minor units nor has a per-subject
"released once" constraint, so either would bend the Money rules more than ~150 lines do.

Sign convention: an account's balance is the sum of its entries, and positive means the
account holds money (client funds, escrow, available, pending and paid-out payouts, fees).
The platform's EXTERNAL account is the other side of money entering: a deposit of X writes
-X there, so minus its balance is what came in from outside.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.money import validate_currency
from core.validators import validate_single_line


class AccountKind(models.TextChoices):
    EXTERNAL = "external", "External (bank transfers received)"
    CLIENT_FUNDS = "client_funds", "Client funds"
    ESCROW = "escrow", "Escrow"
    AVAILABLE = "available", "Freelancer available"
    PAYOUT_PENDING = "payout_pending", "Payouts pending"
    PAID_OUT = "paid_out", "Paid out"
    PLATFORM_FEES = "platform_fees", "Platform fees"


# Kinds held by the platform itself rather than by one user.
PLATFORM_KINDS = (AccountKind.EXTERNAL, AccountKind.PLATFORM_FEES)
# Kinds whose balance may never go below zero.
NON_NEGATIVE_KINDS = (
    AccountKind.CLIENT_FUNDS,
    AccountKind.ESCROW,
    AccountKind.AVAILABLE,
    AccountKind.PAYOUT_PENDING,
)


class TransactionKind(models.TextChoices):
    DEPOSIT = "deposit", "Deposit received"
    FUND = "fund", "Escrow funded"
    RELEASE = "release", "Escrow released"
    REFUND = "refund", "Escrow refunded"
    RESOLUTION = "resolution", "Dispute resolved"
    PAYOUT_REQUEST = "payout_request", "Payout requested"
    PAYOUT_PAID = "payout_paid", "Payout paid"


# Kinds that may happen once per subject: the database refuses a second one. A milestone is
# funded once; an hourly contract's top-ups each have their own subject.
ONCE_PER_SUBJECT = (
    TransactionKind.FUND,
    TransactionKind.RELEASE,
    TransactionKind.REFUND,
    TransactionKind.RESOLUTION,
    TransactionKind.PAYOUT_REQUEST,
    TransactionKind.PAYOUT_PAID,
)


class Account(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_accounts",
        help_text="Empty for the platform's own accounts.",
    )
    currency = models.CharField(max_length=3, validators=[validate_currency])
    kind = models.CharField(max_length=20, choices=AccountKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "currency", "kind"],
                condition=Q(owner__isnull=False),
                name="gigs_account_user_unique",
            ),
            models.UniqueConstraint(
                fields=["currency", "kind"],
                condition=Q(owner__isnull=True),
                name="gigs_account_platform_unique",
            ),
        ]

    def __str__(self) -> str:
        whose = f"user {self.owner_id}" if self.owner_id else "platform"
        return f"{self.get_kind_display()} {self.currency} ({whose})"


class LedgerTransaction(models.Model):
    kind = models.CharField(max_length=20, choices=TransactionKind.choices)
    subject = models.CharField(
        max_length=100,
        validators=[validate_single_line],
        help_text='What the money is for, such as "milestone:42".',
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    currency = models.CharField(max_length=3, validators=[validate_currency])
    fee_schedule = models.ForeignKey(
        "gigs.FeeSchedule", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fx_rate = models.DecimalField(
        max_digits=20,
        decimal_places=8,
        null=True,
        blank=True,
        help_text="One unit of the transaction's currency in the fee schedule's currency.",
    )
    billed_amount = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="Released to the freelancer before fees, in the fee schedule's minor units.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "freelancer", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subject"], condition=Q(kind=kind), name=f"gigs_ledger_one_{kind.value}"
            )
            for kind in ONCE_PER_SUBJECT
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}"


class LedgerEntry(models.Model):
    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.PROTECT, related_name="entries"
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField(help_text="Signed integer minor units.")
    currency = models.CharField(max_length=3, validators=[validate_currency])

    class Meta:
        verbose_name_plural = "ledger entries"
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="gigs_entry_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.amount:+d} {self.currency} on {self.account}"


class IdempotencyKey(models.Model):
    """A client-chosen key that makes a money-moving request safe to send twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100, validators=[validate_single_line])
    fingerprint = models.CharField(
        max_length=64,
        validators=[validate_single_line],
        help_text="SHA-256 of the action's name and arguments.",
    )
    result = models.ForeignKey(
        LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="gigs_idempotency_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key} (user {self.user_id})"
