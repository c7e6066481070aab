"""Withdrawals: a freelancer asks for part of their available money, staff mark it paid.

The ledger moves the money (gigs.services.ledger payout_request and payout_paid); a Payout
row records where it is to go. Both are written in one transaction under one idempotency
key, whose fingerprint covers the method too, so a replay answers the first payout and the
same key for another method or amount is refused.
"""

from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from core.money import format_money
from gigs import encryption, payout_details, selectors
from gigs.errors import AlreadySettled, CurrencyMismatch, InsufficientFunds, LedgerError
from gigs.models import AccountKind, LedgerTransaction, Payout, PayoutDetailsAccess, PayoutMethod
from gigs.notifications import payout_paid_email_send
from gigs.services import ledger
from gigs.services.idempotency import idempotent
from outbox import services as outbox


class NoPayoutMethod(LedgerError):
    pass


def _method(*, freelancer: User, method_id: int | None) -> PayoutMethod:
    """The freelancer's own method ``method_id``; someone else's is no method of theirs."""
    own = PayoutMethod.objects.filter(profile__user=freelancer)
    if method_id is None or not own.exists():
        raise NoPayoutMethod(
            {"method": ["Add a payout method to your freelancer profile first."]},
            code="no_method",
        )
    method = own.filter(pk=method_id).first()
    if method is None:
        raise NoPayoutMethod({"method": ["Pick one of your payout methods."]}, code="method")
    if method.details_needed:
        raise NoPayoutMethod(
            {
                "method": [
                    f"We cannot pay to {method.get_kind_display()} {method.masked} yet: enter "
                    "its full details again on your freelancer profile, or pick another method."
                ]
            },
            code="details_needed",
        )
    return method


@sensitive_variables()
def _details_for_payout(method: PayoutMethod) -> str:
    """The method's full details, bank fields included, sealed as one copy for the payout."""
    try:
        sealed = encryption.unseal(method.sealed)
    except encryption.Unreadable as error:
        raise NoPayoutMethod(
            {"method": ["Enter this method's details again on your freelancer profile."]},
            code="unreadable",
        ) from error
    details = payout_details.PayoutDetails(
        kind=method.kind,
        bank_country=method.bank_country,
        bank_name=method.bank_name,
        bic=method.bic,
        **sealed,
    )
    return encryption.seal(asdict(details))


@sensitive_variables()
def payout_details_reveal(*, actor: User, payout_id: int) -> payout_details.PayoutDetails:
    """A pending payout's full details for staff to pay it; each call is recorded.

    Refused once the payout is paid: its details are gone by then.
    """
    ledger.require_staff(actor)
    payout = Payout.objects.get(pk=payout_id)
    if payout.is_paid:
        raise AlreadySettled("This payout is paid; its details are no longer kept.", code="paid")
    if not payout.sealed_details:
        raise NoPayoutMethod(
            "This payout was requested before full details were recorded: ask the freelancer "
            "for them.",
            code="details_needed",
        )
    try:
        values = encryption.unseal(payout.sealed_details)
    except encryption.Unreadable as error:
        raise NoPayoutMethod(
            "These details were sealed with a key PAYOUT_DETAILS_KEYS no longer lists.",
            code="unreadable",
        ) from error
    PayoutDetailsAccess.objects.create(payout=payout, viewer=actor)
    return payout_details.PayoutDetails(**values)


@transaction.atomic
def payout_create(
    *,
    freelancer: User,
    method_id: int | None,
    amount: int,
    currency: str,
    idempotency_key: str | None = None,
) -> Payout:
    """Set aside ``amount`` of the freelancer's available ``currency`` for their method."""
    amount = ledger.require_amount(amount)
    currency = ledger.require_currency(currency)

    def run() -> LedgerTransaction:
        method = _method(freelancer=freelancer, method_id=method_id)
        available = selectors.balances(owner=freelancer).get((AccountKind.AVAILABLE, currency), 0)
        if available <= 0:
            raise CurrencyMismatch(
                {"currency": [f"You have no {currency} available to withdraw."]},
                code="currency",
            )
        try:
            requested = ledger.payout_request(
                actor=freelancer, freelancer=freelancer, amount=amount, currency=currency
            )
        except InsufficientFunds as error:
            # Checked again under the account's lock, so a concurrent payout cannot overdraw.
            held = selectors.balances(owner=freelancer).get((AccountKind.AVAILABLE, currency), 0)
            raise InsufficientFunds(
                {"amount": [f"You have {format_money(held, currency)} available to withdraw."]},
                code="insufficient",
            ) from error
        Payout.objects.create(
            freelancer=freelancer,
            method=method,
            method_label=f"{method.get_kind_display()} {method.masked}",
            sealed_details=_details_for_payout(method),
            amount=amount,
            currency=currency,
            requested=requested,
        )
        return requested

    arguments = {"method": method_id, "amount": amount, "currency": currency}
    requested = idempotent(
        user=freelancer, key=idempotency_key, action="payout", arguments=arguments, run=run
    )
    return Payout.objects.select_related("method").get(requested=requested)


@transaction.atomic
def payout_mark_paid(*, actor: User, payout_id: int) -> Payout:
    """Staff confirm the money left the platform; the freelancer is e-mailed after commit."""
    ledger.require_staff(actor)
    payout = Payout.objects.select_for_update().select_related("requested").get(pk=payout_id)
    if payout.paid_id is not None:
        raise AlreadySettled("This payout was already marked paid.", code="settled")
    payout.paid = ledger.payout_paid(actor=actor, request=payout.requested)
    payout.paid_at = timezone.now()
    # Once the money has left, nobody needs the account's details on this payout any more.
    payout.sealed_details = ""
    payout.save(update_fields=["paid", "paid_at", "sealed_details"])
    outbox.message_queue(handler=payout_paid_email_send, kwargs={"payout_id": payout.pk})
    return payout


# Rows resealed per transaction: each holds its rows' locks only briefly.
RESEAL_BATCH = 500


def payout_details_reseal() -> tuple[int, int]:
    """Reseal every method's and pending payout's details under the first key.

    Run after putting a new key first in PAYOUT_DETAILS_KEYS; a row sealed under a key no
    longer listed raises encryption.Unreadable and stops the run, so no key is dropped early.
    """
    methods = _reseal(PayoutMethod.objects.exclude(sealed=""), "sealed")
    pending = Payout.objects.filter(paid__isnull=True).exclude(sealed_details="")
    return methods, _reseal(pending, "sealed_details")


def _reseal(rows: QuerySet[Any], field: str) -> int:
    ids = list(rows.values_list("pk", flat=True))
    for start in range(0, len(ids), RESEAL_BATCH):
        with transaction.atomic():
            batch = list(rows.select_for_update().filter(pk__in=ids[start : start + RESEAL_BATCH]))
            for row in batch:
                setattr(row, field, encryption.reseal(getattr(row, field)))
            rows.model.objects.bulk_update(batch, [field])
    return len(ids)
