"""Admin for the gigs app: the marketplace, payouts, reviews, and the money core (ledger
read-only). Importing each module registers its admin classes."""

from gigs.admin import contracts, hours, ledger, marketplace, offers, payouts, reviews

__all__ = ["contracts", "hours", "ledger", "marketplace", "offers", "payouts", "reviews"]
