"""Admin for the gigs app: the marketplace, payouts, and the money core (ledger read-only)."""

from gigs.admin import contracts, hours, ledger, marketplace, offers

__all__ = ["contracts", "hours", "ledger", "marketplace", "offers"]
from gigs.admin import payouts

__all__ = ["ledger", "marketplace", "payouts"]
