"""Manual bank transfers: a reference per funding request, staff record what arrived."""

import pytest

from gigs import selectors
from gigs.errors import CurrencyMismatch
from gigs.models import AccountKind, FundingRequest, LedgerTransaction, TransactionKind
from gigs.payments import PROVIDERS, ManualBankTransfer, funding_request_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding(client_user):
    return funding_request_create(
        client=client_user, subject="milestone:7", amount=25_000, currency="GBP"
    )


def test_each_funding_request_has_its_own_reference(client_user, funding):
    """References are unique, and the instructions quote the reference and amount."""
    other = funding_request_create(
        client=client_user, subject="milestone:8", amount=1, currency="GBP"
    )
    assert funding.reference != other.reference
    text = PROVIDERS["bank_transfer"].instructions(funding=funding)
    assert funding.reference in text
    assert "GBP 250" in text


def test_received_transfer_deposits_then_funds(staff_user, client_user, funding):
    """The full amount received funds the subject's escrow."""
    received = ManualBankTransfer().record_received(
        actor=staff_user, funding=funding, amount=25_000, currency="GBP", idempotency_key="t1"
    )
    assert received.funding is not None
    assert (
        selectors.escrow_held(client=client_user, subject="milestone:7", currency="GBP") == 25_000
    )
    funding.refresh_from_db()
    assert funding.funded_by == received.funding


def test_short_transfer_waits_for_the_rest(staff_user, client_user, funding):
    """Part of the amount stays in client funds until the rest arrives, then funds once."""
    provider = ManualBankTransfer()
    first = provider.record_received(
        actor=staff_user, funding=funding, amount=10_000, currency="GBP", idempotency_key="a"
    )
    assert first.funding is None
    assert selectors.balances(owner=client_user)[(AccountKind.CLIENT_FUNDS, "GBP")] == 10_000
    second = provider.record_received(
        actor=staff_user, funding=funding, amount=15_000, currency="GBP", idempotency_key="b"
    )
    assert second.funding is not None
    provider.record_received(
        actor=staff_user, funding=funding, amount=15_000, currency="GBP", idempotency_key="b"
    )
    assert LedgerTransaction.objects.filter(kind=TransactionKind.FUND).count() == 1
    assert LedgerTransaction.objects.filter(kind=TransactionKind.DEPOSIT).count() == 2


def test_transfer_in_other_currency_is_refused(staff_user, funding):
    with pytest.raises(CurrencyMismatch):
        ManualBankTransfer().record_received(
            actor=staff_user, funding=funding, amount=25_000, currency="EUR", idempotency_key="x"
        )
    assert not LedgerTransaction.objects.exists()
    assert FundingRequest.objects.get().funded_by is None
