"""Withdrawals: a freelancer asks for part of their available money, staff mark it paid.

The ledger moves the money (gigs.services.ledger payout_request and payout_paid); a Payout
row records where it is to go. Both are written in one transaction under one idempotency
key, whose fingerprint covers the method too, so a replay answers the first payout and the
same key for another method or amount is refused.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.money import format_money
from gigs import selectors
from gigs.errors import AlreadySettled, CurrencyMismatch, InsufficientFunds, LedgerError
from gigs.models import AccountKind, LedgerTransaction, Payout, PayoutMethod
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
    return method


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
    payout.save(update_fields=["paid", "paid_at"])
    outbox.message_queue(handler=payout_paid_email_send, kwargs={"payout_id": payout.pk})
    return payout
