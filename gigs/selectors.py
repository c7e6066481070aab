"""Reads of the gigs money core: balances derived from entries, billing, FX rates."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from accounts.models import User
from gigs.models import Account, LedgerEntry, LedgerTransaction, TransactionKind
from salaries.models import FxRate

BILLING_KINDS = (TransactionKind.RELEASE, TransactionKind.RESOLUTION)
FX_DECIMALS = Decimal("0.00000001")


def account_balance(*, account: Account) -> int:
    total = LedgerEntry.objects.filter(account=account).aggregate(total=Sum("amount"))["total"]
    return total or 0


def balances(*, owner: User | None) -> dict[tuple[str, str], int]:
    """Every balance of a user (or the platform), keyed by (kind, currency)."""
    rows = (
        LedgerEntry.objects.filter(account__owner=owner)
        .values("account__kind", "account__currency")
        .annotate(total=Sum("amount"))
    )
    return {(row["account__kind"], row["account__currency"]): row["total"] for row in rows}


def escrow_held(*, client: User, subject: str, currency: str) -> int:
    """What the client's escrow holds for one subject."""
    total = LedgerEntry.objects.filter(
        account__owner=client,
        account__kind="escrow",
        account__currency=currency,
        transaction__subject=subject,
    ).aggregate(total=Sum("amount"))["total"]
    return total or 0


def billed_between(*, client: User, freelancer: User) -> int:
    """What the freelancer has billed the client, in fee schedule minor units, before fees."""
    total = LedgerTransaction.objects.filter(
        client=client, freelancer=freelancer, kind__in=BILLING_KINDS
    ).aggregate(total=Sum("billed_amount"))["total"]
    return total or 0


def fx_rate(*, source: str, target: str, day: date) -> Decimal | None:
    """One ``source`` in ``target`` by the newest admin rate on or before ``day``, or None."""
    direct = FxRate.objects.filter(base=source, quote=target, as_of__lte=day).first()
    inverse = FxRate.objects.filter(base=target, quote=source, as_of__lte=day).first()
    newest = max(
        (r for r in (direct, inverse) if r is not None), key=lambda r: r.as_of, default=None
    )
    if newest is None:
        return None
    if newest is direct:
        return newest.rate
    return (1 / newest.rate).quantize(FX_DECIMALS)
