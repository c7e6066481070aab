"""Demo marketplace: the first recruiter posts gigs and hires the demo candidate on one; the
candidate freelances and earns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from careers.models import Skill
from gigs.domain import BudgetType, Duration, GigCategory, GigStatus, PayoutKind, ProposalStatus
from gigs.hours import week_of
from gigs.models import (
    Contract,
    FreelancerProfile,
    Gig,
    LedgerTransaction,
    PayoutMethod,
    PortfolioItem,
    Proposal,
    Review,
)
from gigs.services import contracts, escrow, hours, ledger, lifecycle, payouts, profiles, reviews
from jobs.models import Company

STAFF_EMAIL = "admin@example.com"
CLIENT_EMAIL = "recruiter1@example.com"
FREELANCER_EMAIL = "candidate@example.com"
CLIENT_COMPANY = "northwind-analytics"

# (slug, title, category, budget type, min, max (minor units), currency, duration, days to the
# deadline or None, status, hours since posting, skills, description)
GIGS: list[tuple[Any, ...]] = [
    (
        "onboarding-prd-northwind",
        "Write the PRD for our onboarding revamp",
        GigCategory.REQUIREMENTS,
        BudgetType.FIXED,
        250_000,
        400_000,
        "GBP",
        Duration.WEEKS,
        30,
        GigStatus.OPEN,
        5,
        ["technical-writing", "user-research"],
        "Our trial-to-paid conversion stalls in week one. We want a PRD for a new onboarding "
        "flow:\n\n- problem statement backed by our funnel data\n- **success metrics** and "
        "guardrails\n- scope for a first release our team can ship in six weeks",
    ),
    (
        "discovery-interviews-finance",
        "Run 12 discovery interviews with finance teams",
        GigCategory.DISCOVERY,
        BudgetType.HOURLY,
        7_000,
        11_000,
        "EUR",
        Duration.WEEKS,
        None,
        GigStatus.OPEN,
        30,
        ["user-research", "market-research"],
        "Recruit and interview twelve finance leads at mid-sized companies, synthesise what "
        "you hear and present the top three opportunities.",
    ),
    (
        "experiment-setup-analytics",
        "Set up product analytics and our first A/B tests",
        GigCategory.ANALYTICS,
        BudgetType.FIXED,
        300_000,
        550_000,
        "USD",
        Duration.MONTHS,
        60,
        GigStatus.OPEN,
        52,
        ["a-b-testing", "product-metrics", "sql"],
        "Define our event taxonomy, wire the dashboards and run two experiments on pricing "
        "page copy with us.",
    ),
    (
        "roadmap-workshop-q3",
        "Facilitate a two-day roadmap workshop",
        GigCategory.ROADMAP,
        BudgetType.FIXED,
        15_000_000,
        22_000_000,
        "INR",
        Duration.UNDER_WEEK,
        14,
        GigStatus.OPEN,
        80,
        ["roadmapping", "prioritization", "stakeholder-management"],
        "Bring our product and sales leads to one prioritised roadmap for the next two quarters.",
    ),
    (
        "scrum-coaching-squad",
        "Coach a new squad through its first sprints",
        GigCategory.AGILE,
        BudgetType.HOURLY,
        6_000,
        9_000,
        "GBP",
        Duration.MONTHS,
        None,
        GigStatus.OPEN,
        120,
        ["agile-delivery"],
        "Two mornings a week for six weeks: sprint rituals, a healthy backlog and a team "
        "that plans with confidence.",
    ),
    (
        "launch-plan-mobile",
        "Plan the launch of our mobile app",
        GigCategory.LAUNCH,
        BudgetType.FIXED,
        200_000,
        300_000,
        "GBP",
        Duration.WEEKS,
        None,
        GigStatus.DRAFT,
        0,
        ["go-to-market"],
        "A launch plan for the app stores, our customers and the press.",
    ),
]

PROFILE = {
    "headline": "Business analyst turned product manager: discovery and specs",
    "hourly_rate": 6_500,
    "currency": "GBP",
    "availability": "part_time",
    "bio": (
        "Four years as a business analyst on retail data products, now taking on product "
        "work.\n\n- discovery interviews and synthesis\n- PRDs engineers ask for by name\n"
        "- SQL and dashboards to back a decision"
    ),
}
PROFILE_SKILLS = ["user-research", "sql", "technical-writing", "stakeholder-management"]
PORTFOLIO = [
    ("Checkout drop-off study for a grocery chain",
     "Twelve interviews and a funnel analysis that cut checkout abandonment by a fifth.",
     "https://example.com/casey/checkout-study"),
    ("Spec for a stock-level alerting feature",
     "A PRD and the **metrics** behind it; shipped in two sprints.", ""),
]  # fmt: skip
PROPOSALS = [
    ("onboarding-prd-northwind", ProposalStatus.SUBMITTED, 320_000, "4 weeks",
     [{"title": "Funnel analysis and interviews", "amount": 120_000},
      {"title": "PRD draft and review", "amount": 200_000}]),
    ("discovery-interviews-finance", ProposalStatus.SHORTLISTED, 8_500, "3 weeks, 15 hours a week",
     []),
]  # fmt: skip


# The demo contract: a gig the client hired the demo freelancer for, paid in three
# milestones that stand released, submitted and funded.
CONTRACT_GIG = (
    "pricing-research-northwind",
    "Research how our customers choose a pricing plan",
    "Interview eight customers who upgraded or churned last quarter and turn what they say "
    "into a recommendation for our pricing page.",
)
CONTRACT_PLAN: list[dict[str, Any]] = [
    {"title": "Interview guide and recruiting", "amount": 60_000},
    {"title": "Eight interviews and synthesis", "amount": 120_000},
    {"title": "Pricing page recommendation", "amount": 70_000},
]
STAFF_EMAIL = "admin@example.com"
SECOND_CLIENT_EMAIL = "recruiter2@example.com"

# Contracts the demo freelancer finished, one milestone each, and their reviews: (gig slug,
# title, client, price (GBP minor units), days since it ended, the client's stars and review,
# the freelancer's stars and review or None, the freelancer's reply to the client's review).
# The last is still in its blind window: the client has reviewed, the freelancer not yet.
FINISHED: list[tuple[Any, ...]] = [
    ("churn-interviews-northwind", "Interview churned customers and size the causes",
     CLIENT_EMAIL, 180_000, 41,
     (5, "Casey ran twelve interviews in two weeks and came back with three causes we could "
         "act on, each backed by quotes and numbers.\n\nThe readout changed our roadmap."),
     (5, "A clear brief, quick answers and a team that made time for the readout."),
     "Thank you, Rosa: the team's candour in the interviews made the difference."),
    ("onboarding-metrics-northwind", "Define activation metrics for onboarding",
     CLIENT_EMAIL, 90_000, 24,
     (4, "Solid metric definitions and a tidy dashboard spec. One round of review more than "
         "planned, but the result is what we use today."),
     (4, "Good collaboration; feedback came in batches, which slowed the second draft."),
     ""),
    ("pricing-page-copy-test", "Design an A/B test for our pricing page copy",
     SECOND_CLIENT_EMAIL, 60_000, 3,
     (5, "Casey designed a clean test with a sensible sample size and a clear stop rule."),
     None,
     ""),
]  # fmt: skip


@dataclass(frozen=True)
class DemoMarket:
    gigs: int
    proposals: int
    contracts: int
    reviews: int


def seed_marketplace() -> DemoMarket:
    """The demo client's gigs, the demo freelancer's profile and proposals, each once."""
    client = User.objects.get(email=CLIENT_EMAIL)
    freelancer = User.objects.get(email=FREELANCER_EMAIL)
    company = Company.objects.filter(slug=CLIENT_COMPANY).first()
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    now = timezone.now()
    for (slug, title, category, budget_type, low, high, currency, duration, due, status,
         hours_ago, skill_slugs, description) in GIGS:  # fmt: skip
        gig, created = Gig.objects.get_or_create(
            slug=slug,
            defaults={
                "client": client,
                "company": company,
                "title": title,
                "category": category,
                "description": description,
                "budget_type": budget_type,
                "budget_min": low,
                "budget_max": high,
                "currency": currency,
                "duration": duration,
                "deadline": timezone.localdate() + timedelta(days=due) if due else None,
                "status": status,
                "posted_at": None
                if status == GigStatus.DRAFT
                else now - timedelta(hours=hours_ago),
            },
        )
        if created:
            gig.skills.set([skills[s] for s in skill_slugs if s in skills])
    profile, created = FreelancerProfile.objects.get_or_create(
        user=freelancer, defaults={"slug": "casey-candidate", **PROFILE}
    )
    if created:
        profile.skills.set([skills[s] for s in PROFILE_SKILLS if s in skills])
        for title, description, link in PORTFOLIO:
            PortfolioItem.objects.create(
                profile=profile, title=title, description=description, link=link
            )
        profiles.payout_method_add(
            user=freelancer, kind=PayoutKind.PAYPAL, fields={"email": "casey.candidate@example.com"}
        )
        # The standard example IBAN, whose checksum is valid but which no bank holds.
        profiles.payout_method_add(
            user=freelancer,
            kind=PayoutKind.BANK,
            fields={
                "holder_name": "Casey Candidate",
                "bank_country": "GB",
                "iban": "GB82 WEST 1234 5698 7654 32",
            },
        )
    for slug, status, price, timeline, milestones in PROPOSALS:
        Proposal.objects.get_or_create(
            gig=Gig.objects.get(slug=slug),
            freelancer=freelancer,
            defaults={
                "approach": "Start from your data and five customer calls, then draft with "
                "your team in two review rounds.",
                "experience": "Four years writing specs and running interviews on retail "
                "data products.",
                "price": price,
                "timeline": timeline,
                "milestones": milestones,
                "status": status,
            },
        )
    seed_contract(client=client, freelancer=freelancer, company=company)
    seed_hourly_contract(client=client, freelancer=freelancer, company=company)
    seed_reviews(freelancer=freelancer)
    return DemoMarket(
        gigs=Gig.objects.filter(client=client).count(),
        proposals=Proposal.objects.filter(freelancer=freelancer).count(),
        contracts=Contract.objects.filter(client=client).count(),
        reviews=Review.objects.filter(contract__freelancer=freelancer).count(),
    )


def seed_contract(*, client: User, freelancer: User, company: Company | None) -> None:
    """Hire the freelancer and move the money through the real services, once.

    Staff record the client's transfer, the client funds all three milestones, the freelancer
    submits two and the client releases the first.
    """
    slug, title, description = CONTRACT_GIG
    if Contract.objects.filter(gig__slug=slug).exists():
        return
    staff = User.objects.get(email=STAFF_EMAIL)
    gig = Gig.objects.create(
        slug=slug,
        client=client,
        company=company,
        title=title,
        category=GigCategory.DISCOVERY,
        description=description,
        budget_type=BudgetType.FIXED,
        budget_min=200_000,
        budget_max=300_000,
        currency="GBP",
        duration=Duration.WEEKS,
        status=GigStatus.OPEN,
        posted_at=timezone.now() - timedelta(days=12),
    )
    proposal = Proposal.objects.create(
        gig=gig,
        freelancer=freelancer,
        approach="Recruit from your upgrade and churn lists, interview, then synthesise with "
        "your team in one workshop.",
        experience="Pricing interviews for two retail data products.",
        price=sum(step["amount"] for step in CONTRACT_PLAN),
        timeline="4 weeks",
        milestones=CONTRACT_PLAN,
    )
    contract = lifecycle.proposal_accept(proposal=proposal, user=client)
    total = sum(step["amount"] for step in CONTRACT_PLAN)
    ledger.deposit_record(
        actor=staff, client=client, amount=total, currency="GBP", reference="DEMO-CONTRACT"
    )
    first, second, third = contract.milestones.order_by("position")
    for milestone in (first, second, third):
        contracts.milestone_fund(milestone=milestone, user=client)
    for milestone in (first, second):
        contracts.milestone_submit(milestone=milestone, user=freelancer)
    contracts.milestone_release(milestone=first, user=client)


# The demo hourly contract: escrow topped up, one week approved and paid, one waiting.
HOURLY_GIG = (
    "roadmap-coaching-northwind",
    "Coach our product trio on roadmap prioritisation",
    "A few hours a week with our PM, designer and tech lead: one working session, one review "
    "of the week's roadmap changes.",
)
HOURLY_WEEKS = [  # (weeks ago, minutes, what the hours went on)
    (2, 6 * 60 + 30, "Two prioritisation workshops and the write-up of the scoring model"),
    (1, 4 * 60 + 45, "Roadmap review with the trio; opportunity tree for onboarding"),
]


def seed_hourly_contract(*, client: User, freelancer: User, company: Company | None) -> None:
    """Hire the freelancer by the hour through the real services, once: staff record the
    client's transfer, the client tops escrow up, two weeks are logged and the first paid."""
    slug, title, description = HOURLY_GIG
    if Contract.objects.filter(gig__slug=slug).exists():
        return
    staff = User.objects.get(email=STAFF_EMAIL)
    started = timezone.now() - timedelta(weeks=3)
    gig = Gig.objects.create(
        slug=slug,
        client=client,
        company=company,
        title=title,
        category=GigCategory.ROADMAP,
        description=description,
        budget_type=BudgetType.HOURLY,
        budget_min=7_000,
        budget_max=9_500,
        currency="GBP",
        duration=Duration.MONTHS,
        status=GigStatus.OPEN,
        posted_at=started - timedelta(days=4),
    )
    proposal = Proposal.objects.create(
        gig=gig,
        freelancer=freelancer,
        approach="One workshop and one review a week; a scoring model your trio keeps using.",
        experience="Coached three product trios through their first quarterly roadmap.",
        price=8_500,
        timeline="Five hours a week for two months",
    )
    contract = lifecycle.proposal_accept(proposal=proposal, user=client)
    # Backdated so the demo has past weeks to log; the ledger rows keep their real times.
    Contract.objects.filter(pk=contract.pk).update(created_at=started)
    contract.refresh_from_db()
    ledger.deposit_record(
        actor=staff, client=client, amount=150_000, currency="GBP", reference="DEMO-HOURLY"
    )
    hours.hourly_fund(contract=contract, user=client, amount=150_000)
    this_week = week_of(timezone.localdate())
    logs = [
        hours.hourlog_submit(
            contract=contract,
            user=freelancer,
            week=this_week - timedelta(weeks=ago),
            minutes=minutes,
            description=text,
        )
        for ago, minutes, text in HOURLY_WEEKS
    ]
    hours.hourlog_approve(log=logs[0], user=client)


def seed_reviews(*, freelancer: User) -> None:
    """Finish each FINISHED contract through the real services and review it, once.

    The services stamp today's date; the dates are then moved back so the contracts ended
    when FINISHED says, and the reviews followed within a couple of days.
    """
    staff = User.objects.get(email=STAFF_EMAIL)
    now = timezone.now()
    for (slug, title, client_email, price, days, (stars, text), answer,
         reply) in FINISHED:  # fmt: skip
        if Contract.objects.filter(gig__slug=slug).exists():
            continue
        client = User.objects.get(email=client_email)
        gig = Gig.objects.create(
            slug=slug,
            client=client,
            title=title,
            category=GigCategory.DISCOVERY,
            description=f"{title}.",
            budget_type=BudgetType.FIXED,
            budget_min=price,
            budget_max=price,
            currency="GBP",
            duration=Duration.WEEKS,
            status=GigStatus.OPEN,
            posted_at=now - timedelta(days=days + 30),
        )
        proposal = Proposal.objects.create(
            gig=gig,
            freelancer=freelancer,
            approach="Interview, synthesise, and review the findings with your team.",
            experience="Discovery and metrics work on retail data products.",
            price=price,
            timeline="3 weeks",
            milestones=[],
        )
        contract = lifecycle.proposal_accept(proposal=proposal, user=client)
        ledger.deposit_record(
            actor=staff, client=client, amount=price, currency="GBP", reference=f"DEMO-{slug}"
        )
        for milestone in contract.milestones.all():
            contracts.milestone_fund(milestone=milestone, user=client)
            contracts.milestone_submit(milestone=milestone, user=freelancer)
            contracts.milestone_release(milestone=milestone, user=client)
        of_freelancer = reviews.review_submit(
            contract=contract, author=client, rating=stars, text=text
        )
        if answer is not None:
            reviews.review_submit(
                contract=contract, author=freelancer, rating=answer[0], text=answer[1]
            )
        if reply:
            reviews.review_reply(review=of_freelancer, user=freelancer, text=reply)
        ended = now - timedelta(days=days)
        Contract.objects.filter(pk=contract.pk).update(
            created_at=ended - timedelta(days=21), ended_at=ended
        )
        written = Review.objects.filter(contract=contract)
        written.update(created_at=ended + timedelta(days=1))
        written.filter(published_at__isnull=False).update(published_at=ended + timedelta(days=2))
        written.filter(replied_at__isnull=False).update(replied_at=ended + timedelta(days=3))


@dataclass(frozen=True)
class DemoMoney:
    transactions: int


def seed_money() -> DemoMoney:
    """Money through the ledger's services, each move under a fixed idempotency key, so a
    second run replays instead of moving it again: the demo client pays in by bank
    transfer and funds two milestones, one is released to the demo freelancer, who has one
    payout sent and one pending. Subjects are not numeric ids, so no real milestone's match.
    """
    staff = User.objects.get(email=STAFF_EMAIL)
    client = User.objects.get(email=CLIENT_EMAIL)
    freelancer = User.objects.get(email=FREELANCER_EMAIL)
    ledger.deposit_record(
        actor=staff,
        client=client,
        amount=300_000,
        currency="GBP",
        reference="DEMO-NORTHWIND-1",
        idempotency_key="demo-deposit-1",
    )
    for number, amount in ((1, 120_000), (2, 80_000)):
        ledger.escrow_fund(
            actor=client,
            client=client,
            subject=f"milestone:demo-{number}",
            amount=amount,
            currency="GBP",
            idempotency_key=f"demo-fund-{number}",
        )
    escrow.escrow_release(
        actor=client,
        client=client,
        freelancer=freelancer,
        subject="milestone:demo-1",
        amount=120_000,
        currency="GBP",
        idempotency_key="demo-release-1",
    )
    bank = PayoutMethod.objects.filter(profile__user=freelancer, kind=PayoutKind.BANK).first()
    if bank is not None:
        sent = payouts.payout_create(
            freelancer=freelancer,
            method_id=bank.pk,
            amount=40_000,
            currency="GBP",
            idempotency_key="demo-payout-1",
        )
        if not sent.is_paid:
            payouts.payout_mark_paid(actor=staff, payout_id=sent.pk)
        payouts.payout_create(
            freelancer=freelancer,
            method_id=bank.pk,
            amount=20_000,
            currency="GBP",
            idempotency_key="demo-payout-2",
        )
    return DemoMoney(
        transactions=LedgerTransaction.objects.filter(
            Q(client__in=[client, freelancer]) | Q(freelancer__in=[client, freelancer])
        ).count()
    )


# Past hires by the second demo client, so the freelance rates (salaries.rates) publish a few
# cells: (category, budget type, skills, price in minor units of GBP per hire).
RATE_HISTORY_CLIENT = "recruiter2@example.com"
RATE_HISTORY_FREELANCERS = 6
RATE_HISTORY: list[tuple[str, str, list[str], list[int]]] = [
    (GigCategory.DISCOVERY, BudgetType.HOURLY, ["user-research"],
     [6_500, 7_000, 7_500, 8_000, 8_500, 9_500, 11_000]),
    (GigCategory.REQUIREMENTS, BudgetType.FIXED, ["technical-writing"],
     [180_000, 220_000, 250_000, 300_000, 320_000, 450_000]),
    (GigCategory.ANALYTICS, BudgetType.HOURLY, ["sql", "user-research"],
     [9_000, 10_000, 12_000]),
]  # fmt: skip


def seed_rate_history() -> int:
    """Hire demo freelancers on past gigs of the second client, once; return the hires.

    Each gig goes through the real services (proposal accepted, contract opened), so the
    demo holds accepted proposals the way the portal makes them.
    """
    client = User.objects.get(email=RATE_HISTORY_CLIENT)
    freelancers = []
    for number in range(1, RATE_HISTORY_FREELANCERS + 1):
        freelancer, created = User.objects.get_or_create(
            email=f"freelancer{number}@example.com",
            defaults={"name": f"Demo Freelancer {number}", "role": Role.CANDIDATE},
        )
        if created:
            freelancer.set_unusable_password()
            freelancer.save(update_fields=["password"])
        freelancers.append(freelancer)
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    now = timezone.now()
    hires = 0
    for category, budget_type, skill_slugs, prices in RATE_HISTORY:
        for number, price in enumerate(prices, start=1):
            slug = f"past-{category}-{budget_type}-{number}"
            hires += 1
            if Gig.objects.filter(slug=slug).exists():
                continue
            gig = Gig.objects.create(
                slug=slug,
                client=client,
                title=f"{GigCategory(category).label} for a product team ({number})",
                category=category,
                description="A past engagement of the demo data set.",
                budget_type=budget_type,
                budget_min=min(prices),
                budget_max=max(prices),
                currency="GBP",
                duration=Duration.WEEKS,
                status=GigStatus.OPEN,
                posted_at=now - timedelta(days=30 + 7 * number),
            )
            gig.skills.set([skills[s] for s in skill_slugs if s in skills])
            proposal = Proposal.objects.create(
                gig=gig,
                freelancer=freelancers[number % len(freelancers)],
                approach="Scope it with you in a first call, then deliver in weekly steps.",
                experience="Several engagements of this kind for product teams.",
                price=price,
                timeline="3 weeks",
            )
            lifecycle.proposal_accept(proposal=proposal, user=client)
    return hires
