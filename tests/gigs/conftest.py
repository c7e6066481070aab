"""A client, a freelancer and helpers that put money into the ledger through its services."""

import pytest

from gigs.services import ledger
from tests.accounts.factories import UserFactory


@pytest.fixture
def client_user(db):
    return UserFactory.create(email="clara@example.com")


@pytest.fixture
def freelancer(db):
    return UserFactory.create(email="fred@example.com")


@pytest.fixture
def fund(staff_user):
    """Deposit and escrow ``amount`` for ``subject`` on behalf of ``client``."""

    def make(client, subject, amount, currency="GBP"):
        ledger.deposit_record(
            actor=staff_user, client=client, amount=amount, currency=currency, reference=subject
        )
        return ledger.escrow_fund(
            actor=client, client=client, subject=subject, amount=amount, currency=currency
        )

    return make
