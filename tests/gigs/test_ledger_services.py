"""Each money move's success path and every refusal, with balances read from the entries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum

from gigs import selectors
from gigs.errors import (
    AlreadySettled,
    CurrencyMismatch,
    IdempotencyConflict,
    InsufficientFunds,
    InvalidAmount,
    NoRate,
    UnknownCurrency,
)
from gigs.models import AccountKind, LedgerEntry, LedgerTransaction, TransactionKind
from gigs.services import escrow, ledger
from salaries.models import FxRate

pytestmark = pytest.mark.django_db
SUBJECT = "milestone:1"


def held(user, kind, currency="GBP"):
    return selectors.balances(owner=user).get((kind, currency), 0)


def platform(kind, currency="GBP"):
    return selectors.balances(owner=None).get((kind, currency), 0)


def assert_balanced():
    sums = LedgerEntry.objects.values("transaction", "currency").annotate(total=Sum("amount"))
    assert all(row["total"] == 0 for row in sums)


def release(client, freelancer, amount, subject=SUBJECT, **kwargs):
    return escrow.escrow_release(
        actor=client,
        client=client,
        freelancer=freelancer,
        subject=subject,
        amount=amount,
        currency=kwargs.pop("currency", "GBP"),
        **kwargs,
    )


def test_deposit_credits_client_funds(staff_user, client_user):
    """A recorded bank transfer becomes the client's funds, balanced by the external account."""
    ledger.deposit_record(
        actor=staff_user, client=client_user, amount=10_000, currency="gbp", reference="r1"
    )
    assert held(client_user, AccountKind.CLIENT_FUNDS) == 10_000
    assert platform(AccountKind.EXTERNAL) == -10_000
    assert_balanced()


def test_only_staff_record_deposits(client_user):
    """A client cannot credit themselves."""
    with pytest.raises(PermissionDenied):
        ledger.deposit_record(
            actor=client_user, client=client_user, amount=1, currency="GBP", reference="r"
        )


def test_fund_moves_client_funds_to_escrow(fund, client_user):
    """Funding holds the money in the client's escrow for the subject."""
    fund(client_user, SUBJECT, 20_000)
    assert held(client_user, AccountKind.CLIENT_FUNDS) == 0
    assert selectors.escrow_held(client=client_user, subject=SUBJECT, currency="GBP") == 20_000


def test_fund_refuses_more_than_client_funds(staff_user, client_user):
    """Client funds never go negative."""
    ledger.deposit_record(
        actor=staff_user, client=client_user, amount=100, currency="GBP", reference="r"
    )
    with pytest.raises(InsufficientFunds):
        ledger.escrow_fund(
            actor=client_user, client=client_user, subject=SUBJECT, amount=101, currency="GBP"
        )
    assert not LedgerTransaction.objects.filter(kind=TransactionKind.FUND).exists()


@pytest.mark.parametrize("amount", [0, -5, 1.5, Decimal("10"), "10", True, None])
def test_amounts_must_be_positive_integers(staff_user, client_user, amount):
    """Zero, negative, fractional, textual and boolean amounts are refused."""
    with pytest.raises(InvalidAmount):
        ledger.deposit_record(
            actor=staff_user, client=client_user, amount=amount, currency="GBP", reference="r"
        )


@pytest.mark.parametrize("currency", ["XYZ", "", "POUND", "£"])
def test_unknown_currency_is_refused(staff_user, client_user, currency):
    """Only ISO 4217 codes move money."""
    with pytest.raises(UnknownCurrency):
        ledger.deposit_record(
            actor=staff_user, client=client_user, amount=1, currency=currency, reference="r"
        )


def test_release_pays_freelancer_less_fee(fund, client_user, freelancer):
    """GBP 1,000 released: 20% of 500 plus 7.5% of 500 = GBP 137.50 to the platform."""
    fund(client_user, SUBJECT, 100_000)
    posted = release(client_user, freelancer, 100_000)
    assert held(freelancer, AccountKind.AVAILABLE) == 100_000 - 13_750
    assert platform(AccountKind.PLATFORM_FEES) == 13_750
    assert posted.billed_amount == 100_000
    assert posted.fee_schedule is not None
    assert posted.fx_rate is None
    assert_balanced()


def test_fee_is_marginal_on_billing_across_subjects(fund, client_user, freelancer):
    """A second release to the same pair starts where the first left the tiers."""
    fund(client_user, "milestone:1", 50_000)
    fund(client_user, "milestone:2", 50_000)
    release(client_user, freelancer, 50_000, subject="milestone:1")
    release(client_user, freelancer, 50_000, subject="milestone:2")
    assert platform(AccountKind.PLATFORM_FEES) == 10_000 + 3_750
    assert selectors.billed_between(client=client_user, freelancer=freelancer) == 100_000


def test_second_release_is_refused(fund, client_user, freelancer):
    """A subject is released once."""
    fund(client_user, SUBJECT, 10_000)
    release(client_user, freelancer, 5_000)
    with pytest.raises(AlreadySettled):
        release(client_user, freelancer, 5_000)
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1


def test_second_fund_of_a_subject_is_refused(fund, client_user, deposit):
    """A subject is funded once: the service answers AlreadySettled, escrow holds the first."""
    fund(client_user, SUBJECT, 10_000)
    with pytest.raises(AlreadySettled, match="already funded"):
        ledger.escrow_fund(
            actor=client_user, client=client_user, subject=SUBJECT, amount=1, currency="GBP"
        )  # said even when the funds would not cover it
    deposit(client_user, 10_000)
    with pytest.raises(AlreadySettled):
        ledger.escrow_fund(
            actor=client_user, client=client_user, subject=SUBJECT, amount=10_000, currency="GBP"
        )
    assert held(client_user, AccountKind.ESCROW) == 10_000
    assert held(client_user, AccountKind.CLIENT_FUNDS) == 10_000


def test_database_refuses_a_second_fund_row(fund, client_user):
    """Written around the services, a second FUND row for one subject breaks the constraint."""
    first = fund(client_user, SUBJECT, 10_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerTransaction.objects.create(
            kind=TransactionKind.FUND, subject=SUBJECT, currency="GBP", created_by=first.created_by
        )
    other = LedgerTransaction.objects.create(
        kind=TransactionKind.FUND, subject="milestone:2", currency="GBP", created_by=client_user
    )
    assert other.pk


def test_release_more_than_escrow_is_refused(fund, client_user, freelancer):
    """Escrow never goes negative, nor does one subject take another's escrow."""
    fund(client_user, "milestone:1", 10_000)
    fund(client_user, "milestone:2", 10_000)
    with pytest.raises(InsufficientFunds):
        release(client_user, freelancer, 10_001, subject="milestone:1")


def test_release_in_another_currency_than_funded_is_refused(fund, client_user, freelancer):
    """A subject funded in GBP cannot be released in EUR."""
    fund(client_user, SUBJECT, 10_000)
    with pytest.raises(CurrencyMismatch):
        release(client_user, freelancer, 10_000, currency="EUR")


def test_release_in_other_currency_uses_fx_rate(fund, client_user, freelancer):
    """A USD release bills its GBP value at the day's admin rate, stored on the transaction."""
    FxRate.objects.create(base="GBP", quote="USD", rate=Decimal("1.25"), as_of=date(2026, 1, 1))
    fund(client_user, SUBJECT, 10_000, currency="USD")
    posted = release(client_user, freelancer, 10_000, currency="USD")
    assert posted.fx_rate == Decimal("0.8")
    assert posted.billed_amount == 8_000
    assert held(freelancer, AccountKind.AVAILABLE, "USD") == 8_000  # 20% fee


def test_release_without_fx_rate_is_refused(fund, client_user, freelancer):
    """No rate, no conversion: the release waits for staff to set one."""
    fund(client_user, SUBJECT, 10_000, currency="EUR")
    with pytest.raises(NoRate):
        release(client_user, freelancer, 10_000, currency="EUR")


def test_refund_returns_escrow_to_client(fund, client_user):
    """A refund moves escrow back to the client's funds, once."""
    fund(client_user, SUBJECT, 10_000)
    kwargs = {"actor": client_user, "client": client_user, "subject": SUBJECT, "currency": "GBP"}
    escrow.escrow_refund(amount=10_000, **kwargs)
    assert held(client_user, AccountKind.CLIENT_FUNDS) == 10_000
    with pytest.raises(AlreadySettled):
        escrow.escrow_refund(amount=1, **kwargs)


def test_over_refund_is_refused(fund, client_user):
    """A refund never exceeds what escrow holds for the subject."""
    fund(client_user, SUBJECT, 10_000)
    with pytest.raises(InsufficientFunds) as caught:
        escrow.escrow_refund(
            actor=client_user, client=client_user, subject=SUBJECT, amount=10_001, currency="GBP"
        )
    assert caught.value.code == "over_refund"


def test_dispute_resolution_splits_with_fee_on_release(fund, staff_user, client_user, freelancer):
    """Staff release 300 and refund 200; the fee is 20% of the 300 released."""
    fund(client_user, SUBJECT, 50_000)
    kwargs = {
        "actor": staff_user,
        "client": client_user,
        "freelancer": freelancer,
        "subject": SUBJECT,
        "currency": "GBP",
    }
    escrow.dispute_resolve(release_amount=30_000, refund_amount=20_000, **kwargs)
    assert held(freelancer, AccountKind.AVAILABLE) == 24_000
    assert held(client_user, AccountKind.CLIENT_FUNDS) == 20_000
    assert platform(AccountKind.PLATFORM_FEES) == 6_000
    with pytest.raises(AlreadySettled):
        escrow.dispute_resolve(release_amount=0, refund_amount=1, **kwargs)
    assert_balanced()


def test_dispute_resolution_is_staff_only(fund, client_user, freelancer):
    fund(client_user, SUBJECT, 100)
    with pytest.raises(PermissionDenied):
        escrow.dispute_resolve(
            actor=client_user,
            client=client_user,
            freelancer=freelancer,
            subject=SUBJECT,
            release_amount=0,
            refund_amount=100,
            currency="GBP",
        )


def test_dispute_resolution_must_move_something(staff_user, client_user, freelancer):
    with pytest.raises(InvalidAmount):
        escrow.dispute_resolve(
            actor=staff_user,
            client=client_user,
            freelancer=freelancer,
            subject=SUBJECT,
            release_amount=0,
            refund_amount=0,
            currency="GBP",
        )


def test_payout_request_and_paid(fund, staff_user, client_user, freelancer):
    """Available money is set aside, then leaves once; it cannot be requested twice over."""
    fund(client_user, SUBJECT, 10_000)
    release(client_user, freelancer, 10_000)
    available = held(freelancer, AccountKind.AVAILABLE)
    with pytest.raises(InsufficientFunds):
        ledger.payout_request(
            actor=freelancer, freelancer=freelancer, amount=available + 1, currency="GBP"
        )
    request = ledger.payout_request(
        actor=freelancer, freelancer=freelancer, amount=available, currency="GBP"
    )
    assert held(freelancer, AccountKind.PAYOUT_PENDING) == available
    ledger.payout_paid(actor=staff_user, request=request)
    assert held(freelancer, AccountKind.PAYOUT_PENDING) == 0
    assert held(freelancer, AccountKind.PAID_OUT) == available
    with pytest.raises(AlreadySettled):
        ledger.payout_paid(actor=staff_user, request=request)
    assert_balanced()


def test_idempotent_replay_moves_money_once(fund, client_user, freelancer):
    """The same key and request answers with the first transaction and writes nothing."""
    fund(client_user, SUBJECT, 10_000)
    first = release(client_user, freelancer, 10_000, idempotency_key="k1")
    count = LedgerEntry.objects.count()
    again = release(client_user, freelancer, 10_000, idempotency_key="k1")
    assert again.pk == first.pk
    assert LedgerEntry.objects.count() == count


def test_idempotent_replay_of_deposit(staff_user, client_user):
    for _ in range(3):
        ledger.deposit_record(
            actor=staff_user,
            client=client_user,
            amount=500,
            currency="GBP",
            reference="r",
            idempotency_key="dep-1",
        )
    assert held(client_user, AccountKind.CLIENT_FUNDS) == 500


def test_idempotency_key_reused_for_other_request_is_refused(staff_user, client_user):
    """A key names one request: different arguments under it are an error, not a new move."""
    kwargs = {"actor": staff_user, "client": client_user, "currency": "GBP", "reference": "r"}
    ledger.deposit_record(amount=500, idempotency_key="dep-1", **kwargs)
    with pytest.raises(IdempotencyConflict):
        ledger.deposit_record(amount=501, idempotency_key="dep-1", **kwargs)
    assert held(client_user, AccountKind.CLIENT_FUNDS) == 500


def test_refused_request_leaves_its_key_unused(fund, client_user, freelancer):
    """A refusal rolls back the key too, so a corrected retry can use it."""
    fund(client_user, SUBJECT, 100)
    with pytest.raises(InsufficientFunds):
        release(client_user, freelancer, 101, idempotency_key="k")
    assert release(client_user, freelancer, 100, idempotency_key="k").kind == "release"
