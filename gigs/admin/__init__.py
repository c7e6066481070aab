"""Admin for the gigs app: the marketplace, and the money core (ledger read-only)."""

from gigs.admin import contracts, ledger, marketplace

__all__ = ["contracts", "ledger", "marketplace"]
