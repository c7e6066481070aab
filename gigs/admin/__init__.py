"""Admin for the gigs app: the marketplace, payouts, and the money core (ledger read-only)."""

from gigs.admin import contracts, hours, ledger, marketplace

__all__ = ["contracts", "hours", "ledger", "marketplace"]
from gigs.admin import payouts

__all__ = ["ledger", "marketplace", "payouts"]
