"""The gigs app's models, one module per part of the marketplace."""

from gigs.models.marketplace import Gig, Invitation, Proposal
from gigs.models.profiles import FreelancerProfile, PayoutMethod, PortfolioItem

__all__ = ["FreelancerProfile", "Gig", "Invitation", "PayoutMethod", "PortfolioItem", "Proposal"]
