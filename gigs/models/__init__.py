"""The gigs app's models, one module per part of the marketplace."""

from gigs.models.fees import FeeSchedule, FeeTier
from gigs.models.ledger import (
    Account,
    AccountKind,
    IdempotencyKey,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from gigs.models.payments import FundingRequest

__all__ = [
    "Account",
    "AccountKind",
    "FeeSchedule",
    "FeeTier",
    "FundingRequest",
    "IdempotencyKey",
    "LedgerEntry",
    "LedgerTransaction",
    "TransactionKind",
]
