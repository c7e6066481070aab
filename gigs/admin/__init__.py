"""Admin for the gigs app: the marketplace, payouts, and the money core (ledger read-only)."""

from gigs.admin import contracts, ledger, marketplace

__all__ = ["contracts", "ledger", "marketplace"]
from gigs.admin import payouts, reviews

__all__ = ["ledger", "marketplace", "payouts", "reviews"]
