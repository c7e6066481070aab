"""Accepted proposals for the freelance rate tests."""

from gigs.domain import BudgetType, GigCategory, ProposalStatus
from tests.gigs.factories import GigFactory, ProposalFactory

HOURLY_DISCOVERY = {"budget_type": BudgetType.HOURLY, "category": GigCategory.DISCOVERY}


def accepted(price, **gig):
    return ProposalFactory.create(
        gig=GigFactory.create(**gig), price=price, status=ProposalStatus.ACCEPTED
    )
