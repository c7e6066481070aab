"""Admin for the gigs app: the marketplace, payouts, and the money core (ledger read-only)."""

from gigs.admin import ledger, marketplace, payouts

__all__ = ["ledger", "marketplace", "payouts"]
