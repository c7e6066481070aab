"""Money moves of contract gigs: the posting primitives, deposits, funding, payouts.

Each service checks its input, locks the accounts it touches (ordered by id, so two
services never wait on each other crosswise), checks balances under those locks and writes
one balanced transaction. Every one takes an optional idempotency key. Settling
escrow (release, refund, dispute resolution) is gigs.services.escrow's.
"""

from collections.abc import Iterable
from typing import Any
from uuid import uuid4

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum

from accounts.models import User
from core.money import format_money, is_currency
from gigs.errors import (
    AlreadySettled,
    InsufficientFunds,
    InvalidAmount,
    LedgerError,
    UnknownCurrency,
)
from gigs.models import Account, AccountKind, LedgerEntry, LedgerTransaction, TransactionKind
from gigs.models.ledger import NON_NEGATIVE_KINDS
from gigs.services.idempotency import idempotent

Kind = AccountKind
Leg = tuple[Account, int]


def require_amount(value: object, *, name: str = "amount", allow_zero: bool = False) -> int:
    # bool is an int subclass, and a Decimal or float amount would hide a rounding.
    if type(value) is not int or value < 0 or (value == 0 and not allow_zero):
        raise InvalidAmount(
            f"The {name} must be a positive whole number of minor units.", code="amount"
        )
    return value


def require_currency(code: str) -> str:
    if not isinstance(code, str) or not is_currency(code):
        raise UnknownCurrency(f"{code!r} is not an ISO 4217 currency code.", code="currency")
    return code.upper()


def require_staff(actor: User) -> None:
    if not actor.is_staff:
        raise PermissionDenied("Only staff may do this.")


def accounts_locked(
    currency: str, wanted: Iterable[tuple[User | None, str]]
) -> dict[tuple, Account]:
    """The accounts, created if new, locked in id order; keyed by (owner id, kind)."""
    ids = {}
    for owner, kind in wanted:
        account, _ = Account.objects.get_or_create(owner=owner, currency=currency, kind=kind)
        ids[(account.owner_id, kind)] = account.pk
    locked = Account.objects.select_for_update().filter(pk__in=ids.values()).order_by("pk")
    by_pk = {account.pk: account for account in locked}
    return {key: by_pk[pk] for key, pk in ids.items()}


def transaction_post(
    *, kind: str, subject: str, currency: str, actor: User, legs: list[Leg], **fields: Any
) -> LedgerTransaction:
    """Write one transaction of the non-zero legs after checking they balance and overdraw
    nothing; a second settlement of the subject is refused by its unique constraint."""
    legs = [(account, amount) for account, amount in legs if amount]
    if sum(amount for _, amount in legs) != 0:
        raise LedgerError("A ledger transaction must balance.")  # a programming error
    guarded = [account.pk for account, amount in legs if account.kind in NON_NEGATIVE_KINDS]
    held = dict(
        LedgerEntry.objects.filter(account__in=guarded)
        .values_list("account")
        .annotate(total=Sum("amount"))
    )
    for account, amount in legs:
        if account.pk in guarded and held.get(account.pk, 0) + amount < 0:
            raise InsufficientFunds(
                f"{account.get_kind_display()} holds only "
                f"{format_money(held.get(account.pk, 0), currency)}.",
                code="insufficient",
            )
    try:
        with transaction.atomic():
            posted = LedgerTransaction.objects.create(
                kind=kind, subject=subject, currency=currency, created_by=actor, **fields
            )
    except IntegrityError as error:
        raise AlreadySettled(f"{subject} already had a {kind}.", code="settled") from error
    LedgerEntry.objects.bulk_create(
        LedgerEntry(transaction=posted, account=account, amount=amount, currency=currency)
        for account, amount in legs
    )
    return posted


@transaction.atomic
def deposit_record(
    *,
    actor: User,
    client: User,
    amount: int,
    currency: str,
    reference: str,
    idempotency_key: str | None = None,
) -> LedgerTransaction:
    """Staff record money a client sent in: it becomes the client's funds."""
    require_staff(actor)
    amount, currency = require_amount(amount), require_currency(currency)

    def run() -> LedgerTransaction:
        accounts = accounts_locked(currency, [(None, Kind.EXTERNAL), (client, Kind.CLIENT_FUNDS)])
        legs = [
            (accounts[None, Kind.EXTERNAL], -amount),
            (accounts[client.pk, Kind.CLIENT_FUNDS], amount),
        ]
        return transaction_post(
            kind=TransactionKind.DEPOSIT,
            subject=f"deposit:{reference}",
            currency=currency,
            actor=actor,
            legs=legs,
            client=client,
        )

    arguments = {"client": client.pk, "amount": amount, "currency": currency, "ref": reference}
    return idempotent(
        user=actor, key=idempotency_key, action="deposit", arguments=arguments, run=run
    )


@transaction.atomic
def escrow_fund(
    *,
    actor: User,
    client: User,
    subject: str,
    amount: int,
    currency: str,
    idempotency_key: str | None = None,
) -> LedgerTransaction:
    """Move the client's funds into escrow for a subject; once per subject."""
    amount, currency = require_amount(amount), require_currency(currency)

    def run() -> LedgerTransaction:
        accounts = accounts_locked(currency, [(client, Kind.CLIENT_FUNDS), (client, Kind.ESCROW)])
        # Said before the funds are checked; the unique constraint refuses a racing second.
        if LedgerTransaction.objects.filter(kind=TransactionKind.FUND, subject=subject).exists():
            raise AlreadySettled(f"{subject} is already funded.", code="settled")
        legs = [
            (accounts[client.pk, Kind.CLIENT_FUNDS], -amount),
            (accounts[client.pk, Kind.ESCROW], amount),
        ]
        return transaction_post(
            kind=TransactionKind.FUND,
            subject=subject,
            currency=currency,
            actor=actor,
            legs=legs,
            client=client,
        )

    arguments = {"client": client.pk, "subject": subject, "amount": amount, "currency": currency}
    return idempotent(user=actor, key=idempotency_key, action="fund", arguments=arguments, run=run)


@transaction.atomic
def payout_request(
    *,
    actor: User,
    freelancer: User,
    amount: int,
    currency: str,
    idempotency_key: str | None = None,
) -> LedgerTransaction:
    """Set aside part of the freelancer's available money to be paid out."""
    amount, currency = require_amount(amount), require_currency(currency)

    def run() -> LedgerTransaction:
        accounts = accounts_locked(
            currency, [(freelancer, Kind.AVAILABLE), (freelancer, Kind.PAYOUT_PENDING)]
        )
        legs = [
            (accounts[freelancer.pk, Kind.AVAILABLE], -amount),
            (accounts[freelancer.pk, Kind.PAYOUT_PENDING], amount),
        ]
        return transaction_post(
            kind=TransactionKind.PAYOUT_REQUEST,
            subject=f"payout:{uuid4().hex}",
            currency=currency,
            actor=actor,
            legs=legs,
            freelancer=freelancer,
        )

    arguments = {"freelancer": freelancer.pk, "amount": amount, "currency": currency}
    return idempotent(
        user=actor, key=idempotency_key, action="payout_request", arguments=arguments, run=run
    )


@transaction.atomic
def payout_paid(
    *, actor: User, request: LedgerTransaction, idempotency_key: str | None = None
) -> LedgerTransaction:
    """Staff confirm a requested payout left the platform; once per request."""
    require_staff(actor)
    if request.kind != TransactionKind.PAYOUT_REQUEST or request.freelancer is None:
        raise LedgerError("Only a payout request can be paid.", code="kind")
    freelancer, currency = request.freelancer, request.currency

    def run() -> LedgerTransaction:
        accounts = accounts_locked(
            currency, [(freelancer, Kind.PAYOUT_PENDING), (freelancer, Kind.PAID_OUT)]
        )
        pending = accounts[freelancer.pk, Kind.PAYOUT_PENDING]
        amount = request.entries.get(account=pending).amount
        if LedgerTransaction.objects.filter(
            subject=request.subject, kind=TransactionKind.PAYOUT_PAID
        ).exists():
            raise AlreadySettled("This payout was already paid.", code="settled")
        return transaction_post(
            kind=TransactionKind.PAYOUT_PAID,
            subject=request.subject,
            currency=currency,
            actor=actor,
            legs=[(pending, -amount), (accounts[freelancer.pk, Kind.PAID_OUT], amount)],
            freelancer=freelancer,
        )

    return idempotent(
        user=actor,
        key=idempotency_key,
        action="payout_paid",
        arguments={"request": request.pk},
        run=run,
    )
