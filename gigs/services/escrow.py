"""Settling escrow for a subject: release to the freelancer less the fee, refund, or both.

A subject has at most one release, one refund and one resolution; the database refuses a
second, and the checks under the escrow account's lock refuse it first with a clear error.
A settlement draws on what escrow holds for its own subject, or, given a ``pool`` prefix,
on everything held under that prefix (an hourly contract's top-ups pay its hour logs).
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.money import format_money
from gigs import fees, selectors
from gigs.errors import AlreadySettled, CurrencyMismatch, InsufficientFunds, InvalidAmount, NoRate
from gigs.models import LedgerTransaction, TransactionKind
from gigs.services.fees import fee_schedule_current
from gigs.services.idempotency import idempotent
from gigs.services.ledger import (
    Kind,
    Leg,
    accounts_locked,
    require_amount,
    require_currency,
    require_staff,
    transaction_post,
)


def _settle(
    *,
    kind: str,
    actor: User,
    client: User,
    freelancer: User | None,
    subject: str,
    currency: str,
    release: int,
    refund: int,
    pool: str | None = None,
) -> LedgerTransaction:
    """Release part of what escrow holds for a subject (less the fee) and refund part."""
    settled = LedgerTransaction.objects.filter(subject=subject, kind=kind)
    # Checked before the locks too, so retries of a settled subject fail without queueing.
    if settled.exists():
        raise AlreadySettled(f"{subject} already had a {kind}.", code="settled")
    current = fee_schedule_current() if release else None
    wanted: list[tuple[User | None, str]] = [(client, Kind.ESCROW)]
    if refund:
        wanted.append((client, Kind.CLIENT_FUNDS))
    if release and freelancer is not None and current is not None:
        wanted += [(freelancer, Kind.AVAILABLE), (None, Kind.PLATFORM_FEES)]
        # Fees are marginal on the pair's billing: lock one account per freelancer in the
        # schedule's currency so releases in other currencies wait for each other too.
        accounts_locked(current.schedule.currency, [(freelancer, Kind.AVAILABLE)])
    accounts = accounts_locked(currency, wanted)
    if settled.exists():
        raise AlreadySettled(f"{subject} already had a {kind}.", code="settled")
    if pool is None:
        held = selectors.escrow_held(client=client, subject=subject, currency=currency)
        fundings = LedgerTransaction.objects.filter(subject=subject)
    else:
        held = selectors.escrow_pool_held(client=client, prefix=pool, currency=currency)
        fundings = LedgerTransaction.objects.filter(subject__startswith=pool)
    if (
        held == 0
        and fundings.filter(client=client, kind=TransactionKind.FUND)
        .exclude(currency=currency)
        .exists()
    ):
        raise CurrencyMismatch(f"{subject} was funded in another currency.", code="currency")
    if release + refund > held:
        what = "refund" if not release else "settlement"
        raise InsufficientFunds(
            f"The {what} exceeds the {format_money(held, currency)} escrow holds for "
            f"{pool or subject}.",
            code="over_refund" if not release else "insufficient",
        )
    legs: list[Leg] = [(accounts[client.pk, Kind.ESCROW], -(release + refund))]
    fields: dict[str, Any] = {"client": client, "freelancer": freelancer}
    if refund:
        legs.append((accounts[client.pk, Kind.CLIENT_FUNDS], refund))
    if release and freelancer is not None and current is not None:
        schedule = current.schedule
        rate = None
        if currency != schedule.currency:
            rate = selectors.fx_rate(
                source=currency, target=schedule.currency, day=timezone.localdate()
            )
            if rate is None:
                raise NoRate(f"No FX rate converts {currency} to {schedule.currency}.")
        quote = fees.release_fee(
            current.tiers,
            billed_before=selectors.billed_between(client=client, freelancer=freelancer),
            amount=release,
            currency=currency,
            schedule_currency=schedule.currency,
            rate=rate,
            conversion_percent=schedule.conversion_fee_percent,
        )
        legs += [
            (accounts[freelancer.pk, Kind.AVAILABLE], release - quote.fee),
            (accounts[None, Kind.PLATFORM_FEES], quote.fee),
        ]
        fields.update(fee_schedule=schedule, fx_rate=rate, billed_amount=quote.billed)
    return transaction_post(
        kind=kind, subject=subject, currency=currency, actor=actor, legs=legs, **fields
    )


def _pooled(pool: str | None) -> dict[str, str]:
    # Named in the idempotency fingerprint only when set, so older keys still replay.
    return {"pool": pool} if pool is not None else {}


@transaction.atomic
def escrow_release(
    *,
    actor: User,
    client: User,
    freelancer: User,
    subject: str,
    amount: int,
    currency: str,
    idempotency_key: str | None = None,
    pool: str | None = None,
) -> LedgerTransaction:
    """Pay the freelancer from escrow, less the platform fee; once per subject."""
    amount, currency = require_amount(amount), require_currency(currency)
    arguments = {
        "client": client.pk,
        "freelancer": freelancer.pk,
        "subject": subject,
        "amount": amount,
        "currency": currency,
    } | _pooled(pool)
    return idempotent(
        user=actor,
        key=idempotency_key,
        action="release",
        arguments=arguments,
        run=lambda: _settle(
            kind=TransactionKind.RELEASE,
            actor=actor,
            client=client,
            freelancer=freelancer,
            subject=subject,
            currency=currency,
            release=amount,
            refund=0,
            pool=pool,
        ),
    )


@transaction.atomic
def escrow_refund(
    *,
    actor: User,
    client: User,
    subject: str,
    amount: int,
    currency: str,
    idempotency_key: str | None = None,
    pool: str | None = None,
) -> LedgerTransaction:
    """Return escrow to the client's funds; once per subject, never more than it holds."""
    amount, currency = require_amount(amount), require_currency(currency)
    arguments = {
        "client": client.pk,
        "subject": subject,
        "amount": amount,
        "currency": currency,
    } | _pooled(pool)
    return idempotent(
        user=actor,
        key=idempotency_key,
        action="refund",
        arguments=arguments,
        run=lambda: _settle(
            kind=TransactionKind.REFUND,
            actor=actor,
            client=client,
            freelancer=None,
            subject=subject,
            currency=currency,
            release=0,
            refund=amount,
            pool=pool,
        ),
    )


@transaction.atomic
def dispute_resolve(
    *,
    actor: User,
    client: User,
    freelancer: User,
    subject: str,
    release_amount: int,
    refund_amount: int,
    currency: str,
    idempotency_key: str | None = None,
    pool: str | None = None,
) -> LedgerTransaction:
    """Staff split a disputed subject's escrow: a release (fee charged on it) and a refund."""
    require_staff(actor)
    release = require_amount(release_amount, name="released amount", allow_zero=True)
    refund = require_amount(refund_amount, name="refunded amount", allow_zero=True)
    if release + refund == 0:
        raise InvalidAmount("A resolution must release or refund something.", code="amount")
    currency = require_currency(currency)
    arguments = {
        "client": client.pk,
        "freelancer": freelancer.pk,
        "subject": subject,
        "release": release,
        "refund": refund,
        "currency": currency,
    } | _pooled(pool)
    return idempotent(
        user=actor,
        key=idempotency_key,
        action="resolve",
        arguments=arguments,
        run=lambda: _settle(
            kind=TransactionKind.RESOLUTION,
            actor=actor,
            client=client,
            freelancer=freelancer,
            subject=subject,
            currency=currency,
            release=release,
            refund=refund,
            pool=pool,
        ),
    )
