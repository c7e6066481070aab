"""How clients pay into escrow: a small provider interface and the manual bank transfer.

A provider tells the client how to pay a funding request and turns money it received into
ledger moves through the ledger's services; a card processor would be one more class here.
"""

import secrets
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction

from accounts.models import User
from core.money import format_money
from gigs.errors import CurrencyMismatch
from gigs.models import FundingRequest, LedgerTransaction
from gigs.selectors import balances
from gigs.services.ledger import deposit_record, escrow_fund, require_amount, require_currency

# Unambiguous upper-case letters and digits for references read over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Received:
    deposit: LedgerTransaction
    funding: LedgerTransaction | None  # None while the client's funds fall short


class PaymentProvider(Protocol):
    name: str

    def instructions(self, *, funding: FundingRequest) -> str: ...

    def record_received(
        self,
        *,
        actor: User,
        funding: FundingRequest,
        amount: int,
        currency: str,
        idempotency_key: str,
    ) -> Received: ...


@transaction.atomic
def funding_request_create(
    *, client: User, subject: str, amount: int, currency: str, provider: str = "bank_transfer"
) -> FundingRequest:
    amount, currency = require_amount(amount), require_currency(currency)
    reference = "PMG-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
    return FundingRequest.objects.create(
        client=client,
        subject=subject,
        amount=amount,
        currency=currency,
        provider=provider,
        reference=reference,
    )


class ManualBankTransfer:
    """The client transfers to the platform's bank quoting the reference; staff record it."""

    name = "bank_transfer"

    def instructions(self, *, funding: FundingRequest) -> str:
        return (
            f"Transfer {format_money(funding.amount, funding.currency)} to the pmportal "
            f"client account quoting the reference {funding.reference}."
        )

    @transaction.atomic
    def record_received(
        self,
        *,
        actor: User,
        funding: FundingRequest,
        amount: int,
        currency: str,
        idempotency_key: str,
    ) -> Received:
        """Credit what arrived to the client, then fund the subject once the funds cover it."""
        _require_request_currency(funding, currency)
        deposit = deposit_record(
            actor=actor,
            client=funding.client,
            amount=amount,
            currency=funding.currency,
            reference=funding.reference,
            idempotency_key=f"{idempotency_key}:deposit",
        )
        funding = FundingRequest.objects.select_for_update().get(pk=funding.pk)
        held = balances(owner=funding.client).get(("client_funds", funding.currency), 0)
        if funding.funded_by is None and held >= funding.amount:
            funding.funded_by = escrow_fund(
                actor=actor,
                client=funding.client,
                subject=funding.subject,
                amount=funding.amount,
                currency=funding.currency,
            )
            funding.save(update_fields=["funded_by"])
        return Received(deposit=deposit, funding=funding.funded_by)


PROVIDERS: dict[str, PaymentProvider] = {ManualBankTransfer.name: ManualBankTransfer()}


def _require_request_currency(funding: FundingRequest, currency: str) -> None:
    if require_currency(currency) != funding.currency:
        raise CurrencyMismatch(
            f"The request is for {funding.currency}, not {currency}.", code="currency"
        )


@transaction.atomic
def funding_received(
    *,
    actor: User,
    funding: FundingRequest,
    amount: int,
    currency: str,
    idempotency_key: str,
    fundable: bool,
) -> Received:
    """Record money that arrived for ``funding``: it funds the request's subject through the
    request's provider while that subject still waits for money (``fundable``), and otherwise
    stays in the client's funds (a cancelled milestone, an ended contract)."""
    if fundable:
        return PROVIDERS[funding.provider].record_received(
            actor=actor,
            funding=funding,
            amount=amount,
            currency=currency,
            idempotency_key=idempotency_key,
        )
    _require_request_currency(funding, currency)
    deposit = deposit_record(
        actor=actor,
        client=funding.client,
        amount=amount,
        currency=funding.currency,
        reference=funding.reference,
        idempotency_key=f"{idempotency_key}:deposit",
    )
    return Received(deposit=deposit, funding=None)
