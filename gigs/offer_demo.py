"""Demo offers: the demo freelancer's packaged services, and one the demo client bought."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from careers.models import Skill
from gigs.demo import CLIENT_EMAIL, FREELANCER_EMAIL, STAFF_EMAIL
from gigs.domain import GigCategory
from gigs.models import Offer, OfferExtra, OfferOrder, OfferStatus
from gigs.services import ledger, offers

# (slug, title, category, price (minor units), currency, days, revisions, hours since
# publishing, skills, deliverables, description, extras as (title, price, extra days))
OFFERS: list[tuple[Any, ...]] = [
    (
        "prd-review-casey",
        "A senior PM's review of your PRD, with a marked-up copy",
        GigCategory.REQUIREMENTS,
        25_000,
        "GBP",
        3,
        1,
        20,
        ["technical-writing"],
        "Your PRD marked up line by line\nA one-page summary of the gaps\nA 30-minute call",
        "Send me your draft PRD and I return it marked up: **unclear problem statements**, "
        "missing success metrics, scope that will not fit the release, and the questions "
        "engineering will ask.\n\n- Up to 15 pages\n- Comments in your document\n"
        "- A short call to walk through them",
        [("A second review after your changes", 10_000, 2), ("Success metrics drafted", 7_500, 1)],
    ),
    (
        "discovery-interviews-casey",
        "Five customer discovery interviews, recruited and synthesised",
        GigCategory.DISCOVERY,
        180_000,
        "EUR",
        14,
        1,
        60,
        ["user-research"],
        "Five recorded interviews\nA synthesis deck with opportunities\nA debrief with your team",
        "I recruit five of your customers (or people like them), run the interviews with a "
        "guide we agree on, and hand back what they told us as **opportunities you can act "
        "on**.\n\nGood for a new feature, a churn problem or a pricing question.",
        [("Three more interviews", 90_000, 5), ("Opportunity solution tree workshop", 40_000, 2)],
    ),
    (
        "sql-metrics-casey",
        "Your product's key metrics defined, with the SQL to compute them",
        GigCategory.ANALYTICS,
        60_000,
        "USD",
        5,
        2,
        150,
        ["sql"],
        "A metrics tree for your product\nSQL for each metric on your schema\nA dashboard outline",
        "A metrics tree from your north star down to the numbers teams move each week, with "
        "tested SQL for each on your warehouse.",
        [("A Looker or Metabase dashboard built", 35_000, 3)],
    ),
]
# The demo client's order: the PRD review with its first extra, under a fixed key so a
# second run replays it.
ORDER = ("prd-review-casey", ["A second review after your changes"], "demo-offer-order-1")


@dataclass(frozen=True)
class DemoOffers:
    offers: int
    orders: int


def seed_offers() -> DemoOffers:
    """The demo freelancer's offers in three categories and currencies, each once, and the
    demo client's order of one, bought and funded through the services."""
    freelancer = User.objects.get(email=FREELANCER_EMAIL)
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    now = timezone.now()
    for (slug, title, category, price, currency, days, revisions, hours_ago, skill_slugs,
         deliverables, description, extras) in OFFERS:  # fmt: skip
        offer, created = Offer.objects.get_or_create(
            slug=slug,
            defaults={
                "freelancer": freelancer,
                "title": title,
                "category": category,
                "description": description,
                "deliverables": deliverables,
                "price": price,
                "currency": currency,
                "delivery_days": days,
                "revisions": revisions,
                "status": OfferStatus.PUBLISHED,
                "published_at": now - timedelta(hours=hours_ago),
            },
        )
        if created:
            offer.skills.set([skills[s] for s in skill_slugs if s in skills])
            OfferExtra.objects.bulk_create(
                OfferExtra(offer=offer, title=t, price=p, extra_days=d) for t, p, d in extras
            )
    _seed_order()
    return DemoOffers(
        offers=Offer.objects.filter(freelancer=freelancer).count(),
        orders=OfferOrder.objects.filter(offer__freelancer=freelancer).count(),
    )


def _seed_order() -> None:
    """The demo client pays in by bank transfer, then buys: the milestone is funded."""
    slug, extra_titles, key = ORDER
    client = User.objects.get(email=CLIENT_EMAIL)
    staff = User.objects.get(email=STAFF_EMAIL)
    offer = Offer.objects.get(slug=slug)
    extras = list(offer.extras.filter(title__in=extra_titles))
    ledger.deposit_record(
        actor=staff,
        client=client,
        amount=offer.price + sum(extra.price for extra in extras),
        currency=offer.currency,
        reference="DEMO-OFFER-1",
        idempotency_key=f"{key}:deposit",
    )
    offers.offer_buy(
        offer=offer, buyer=client, extra_ids=[e.pk for e in extras], idempotency_key=key
    )
