"""The gigs app's models, one module per part of the marketplace."""

from gigs.models.contracts import Contract, Milestone
from gigs.models.feeds import GigFeedSubscription
from gigs.models.fees import FeeSchedule, FeeTier
from gigs.models.hours import HourLog
from gigs.models.ledger import (
    Account,
    AccountKind,
    IdempotencyKey,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from gigs.models.marketplace import Gig, Invitation, Proposal
from gigs.models.offers import Offer, OfferExtra, OfferOrder, OfferStatus
from gigs.models.payments import FundingRequest
from gigs.models.payouts import Payout, PayoutDetailsAccess
from gigs.models.profiles import FreelancerProfile, PayoutMethod, PortfolioItem
from gigs.models.reviews import Review

__all__ = [
    "Account",
    "AccountKind",
    "Contract",
    "FeeSchedule",
    "FeeTier",
    "FreelancerProfile",
    "FundingRequest",
    "Gig",
    "GigFeedSubscription",
    "HourLog",
    "IdempotencyKey",
    "Invitation",
    "LedgerEntry",
    "LedgerTransaction",
    "Milestone",
    "Offer",
    "OfferExtra",
    "OfferOrder",
    "OfferStatus",
    "Payout",
    "PayoutDetailsAccess",
    "PayoutMethod",
    "PortfolioItem",
    "Proposal",
    "Review",
    "TransactionKind",
]
