"""Factories for the marketplace: freelancer profiles, gigs, proposals, offers."""

import factory
from django.utils import timezone

from gigs.domain import BudgetType, GigCategory, GigStatus, ProposalStatus
from gigs.encryption import seal
from gigs.models import (
    FreelancerProfile,
    Gig,
    Invitation,
    Offer,
    OfferExtra,
    OfferStatus,
    PayoutMethod,
    PortfolioItem,
    Proposal,
)
from tests.accounts.factories import UserFactory

GIG_TITLES = [
    "Write the PRD for our onboarding revamp",
    "Run ten discovery interviews with finance teams",
    "Set up our product analytics and first experiments",
    "Coach a new squad through its first sprints",
    "Plan the launch of our mobile app",
]


class FreelancerProfileFactory(factory.django.DjangoModelFactory[FreelancerProfile]):
    class Meta:
        model = FreelancerProfile

    user = factory.SubFactory(UserFactory)
    slug = factory.Sequence(lambda n: f"freelancer-{n}")
    headline = "Fractional product manager for B2B SaaS"
    hourly_rate = 9_000
    currency = "GBP"
    bio = "I help **early-stage teams** find product-market fit."


class PortfolioItemFactory(factory.django.DjangoModelFactory[PortfolioItem]):
    class Meta:
        model = PortfolioItem

    profile = factory.SubFactory(FreelancerProfileFactory)
    title = "Pricing research for a payroll start-up"
    description = "Twelve interviews, a pricing page test and a new plan structure."
    link = "https://example.com/case-study"


class PayoutMethodFactory(factory.django.DjangoModelFactory[PayoutMethod]):
    class Meta:
        model = PayoutMethod

    """A bank transfer with its full details, the account sealed; ``legacy=True`` for one
    recorded before full details were asked, with only its last four characters."""

    profile = factory.SubFactory(FreelancerProfileFactory)
    kind = "bank"
    bank_country = "GB"
    bank_name = "Example Bank"
    account_last4 = "4321"
    sealed = factory.LazyAttribute(
        lambda o: seal(
            {
                "holder_name": "Casey Jones",
                "account_number": f"1234{o.account_last4}",
                "bank_code": "400000",
            }
        )
    )

    class Params:
        legacy = factory.Trait(bank_country="", sealed="")


class GigFactory(factory.django.DjangoModelFactory[Gig]):
    """An open gig with a fixed GBP budget; pass status=... for others."""

    class Meta:
        model = Gig
        skip_postgeneration_save = True

    client = factory.SubFactory(UserFactory)
    title = factory.Iterator(GIG_TITLES)
    slug = factory.Sequence(lambda n: f"gig-{n}")
    category = GigCategory.REQUIREMENTS
    description = "We need a clear PRD for our onboarding flow, with success metrics."
    budget_type = BudgetType.FIXED
    budget_min = 200_000
    budget_max = 300_000
    currency = "GBP"
    status = GigStatus.OPEN
    posted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status != GigStatus.DRAFT else None
    )

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.skills.set(extracted)


class ProposalFactory(factory.django.DjangoModelFactory[Proposal]):
    class Meta:
        model = Proposal

    gig = factory.SubFactory(GigFactory)
    freelancer = factory.SubFactory(UserFactory)
    approach = "Interview your support team first, then draft and review the PRD with you."
    experience = "Five years as a PM in onboarding and activation."
    price = 250_000
    timeline = "3 weeks"
    status = ProposalStatus.SUBMITTED


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    gig = factory.SubFactory(GigFactory)
    freelancer = factory.SubFactory(UserFactory)


def gig_fields(**overrides):
    """What a client sends to create a gig: a fixed GBP 2,000-3,000 PRD gig."""
    return {
        "title": "Write the PRD for our onboarding revamp",
        "category": GigCategory.REQUIREMENTS,
        "description": "A PRD with **success metrics**.",
        "budget_type": BudgetType.FIXED,
        "budget_min": 200_000,
        "budget_max": 300_000,
        "currency": "GBP",
        "duration": "weeks",
        "deadline": None,
    } | overrides


def proposal_fields(**overrides):
    return {
        "approach": "Interview, draft, review.",
        "experience": "Five years in onboarding.",
        "price": 250_000,
        "timeline": "3 weeks",
        "milestones": [],
    } | overrides


class OfferFactory(factory.django.DjangoModelFactory[Offer]):
    """A published GBP 400 offer delivered in 5 days; pass status=... for others."""

    class Meta:
        model = Offer

    freelancer = factory.SubFactory(UserFactory)
    slug = factory.Sequence(lambda n: f"offer-{n}")
    title = "A one-page product strategy for your next quarter"
    category = GigCategory.STRATEGY
    description = "I review your **goals** and write a strategy you can act on."
    deliverables = "A one-page strategy\nA 45-minute review call"
    price = 40_000
    currency = "GBP"
    delivery_days = 5
    revisions = 1
    status = OfferStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status != OfferStatus.DRAFT else None
    )


class OfferExtraFactory(factory.django.DjangoModelFactory[OfferExtra]):
    class Meta:
        model = OfferExtra

    offer = factory.SubFactory(OfferFactory)
    title = "A second review call"
    price = 10_000
    extra_days = 1


def offer_fields(**overrides):
    """What a freelancer sends to create an offer: a GBP 400 strategy in 5 days."""
    return {
        "title": "A one-page product strategy for your next quarter",
        "category": GigCategory.STRATEGY,
        "description": "I review your **goals** and write a strategy.",
        "deliverables": "A one-page strategy\nA review call",
        "price": 40_000,
        "currency": "gbp",
        "delivery_days": 5,
        "revisions": 2,
    } | overrides
