"""Realistic synthetic PM postings: the demo board and large benchmark data sets.

Salaries are synthetic, priced by ``PAY`` around each country's average PM pay (the
published reference figures where a source gives one), so benchmarks built from these
postings sit believably beside those figures. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import accumulate
from typing import Any

from core.money import exponent
from core.taxonomy import CompanySize, Industry, Level, RemotePolicy, SalaryPeriod
from jobs import domain
from jobs.domain import PostingStatus
from jobs.models import ApplyMethod, Company, JobPosting
from jobs.taxonomy import EmploymentType


@dataclass(frozen=True)
class CountryPay:
    """A country's currency and the average yearly PM pay, in whole units, it is priced on."""

    currency: str
    average: int
    # True: the average is the published reference figure (DOMAIN.md, the one the salary
    # pages show). False: no source gives one, and the figure is the portal's own assumption,
    # set to sit believably beside the published countries.
    published: bool


@dataclass(frozen=True)
class PayCalibration:
    """Every factor that prices a generated posting, in one table.

    A posting's midpoint is its country's average times the factors of its level,
    industry, company size and technical flag, moved at random by up to ``noise`` either
    way; its range reaches a share drawn from ``spread`` below and above the midpoint.
    The level factors put mid level at about the average (pay before bonus), entry below
    it and each rung above mid higher than the last, so the demo's cells sit beside the
    reference figures as real postings would.
    """

    countries: Mapping[str, CountryPay]
    levels: Mapping[str, float]
    industries: Mapping[str, float]
    sizes: Mapping[str, float]
    technical: float
    noise: float
    spread: tuple[float, float]


PAY = PayCalibration(
    countries={
        "US": CountryPay("USD", 89_536, published=True),
        "GB": CountryPay("GBP", 52_913, published=True),
        "IE": CountryPay("EUR", 77_213, published=True),
        "IN": CountryPay("INR", 1_640_000, published=True),
        "CA": CountryPay("CAD", 88_332, published=True),
        "AU": CountryPay("AUD", 121_665, published=True),
        # No source gives PM pay for the countries below: these are the portal's own assumptions.
        "DE": CountryPay("EUR", 68_000, published=False),
        "FR": CountryPay("EUR", 55_000, published=False),
        "ES": CountryPay("EUR", 42_000, published=False),
        "NL": CountryPay("EUR", 62_000, published=False),
        "SG": CountryPay("SGD", 100_000, published=False),
        "AE": CountryPay("AED", 300_000, published=False),
        "BR": CountryPay("BRL", 170_000, published=False),
        "JP": CountryPay("JPY", 8_000_000, published=False),
    },
    levels={
        Level.INTERN: 0.35, Level.ENTRY: 0.72, Level.MID: 0.92, Level.SENIOR: 1.2,
        Level.LEAD: 1.45, Level.DIRECTOR: 1.75, Level.VP: 2.15, Level.EXECUTIVE: 2.65,
    },
    industries={
        Industry.SOFTWARE: 1.1, Industry.BFSI: 1.06, Industry.HEALTHCARE: 1.02,
        Industry.TELECOM: 0.98, Industry.MEDIA: 0.96, Industry.RETAIL: 0.95,
        Industry.MANUFACTURING: 0.94, Industry.ENERGY: 0.97, Industry.EDUCATION: 0.88,
        Industry.OTHER: 0.93,
    },
    sizes={CompanySize.STARTUP: 0.9, CompanySize.SMALL_MID: 1.0, CompanySize.LARGE: 1.08,
           CompanySize.ENTERPRISE: 1.12},
    technical=1.25,
    noise=0.15,
    spread=(0.1, 0.2),
)  # fmt: skip
# Minor units per whole unit of each country's currency, looked up once rather than per posting.
_MINOR_UNITS = {code: 10 ** exponent(pay.currency) for code, pay in PAY.countries.items()}
# Where a company's own country has no pay anchor, its postings are placed here.
FALLBACK_COUNTRY = "US"

CITIES = {
    "US": ["San Francisco", "New York", "Seattle", "Austin", "Boston"],
    "GB": ["London", "Manchester", "Edinburgh", "Bristol", "Leeds"],
    "DE": ["Berlin", "Munich", "Hamburg", "Frankfurt"],
    "FR": ["Paris", "Lyon", "Toulouse"],
    "ES": ["Madrid", "Barcelona", "Valencia"],
    "IE": ["Dublin", "Cork"],
    "NL": ["Amsterdam", "Rotterdam", "Utrecht"],
    "IN": ["Bengaluru", "Hyderabad", "Pune", "Gurugram", "Mumbai"],
    "CA": ["Toronto", "Vancouver", "Montreal"],
    "AU": ["Sydney", "Melbourne", "Brisbane"],
    "SG": ["Singapore"],
    "AE": ["Dubai", "Abu Dhabi"],
    "BR": ["São Paulo", "Rio de Janeiro"],
    "JP": ["Tokyo", "Osaka"],
}
COUNTRY_WEIGHTS = {"US": 26, "GB": 14, "IN": 14, "DE": 8, "CA": 6, "AU": 5, "FR": 4, "NL": 4,
                   "IE": 3, "ES": 3, "SG": 3, "AE": 2, "BR": 2, "JP": 2}  # fmt: skip
LEVEL_WEIGHTS = {Level.INTERN: 3, Level.ENTRY: 14, Level.MID: 30, Level.SENIOR: 26,
                 Level.LEAD: 12, Level.DIRECTOR: 8, Level.VP: 5, Level.EXECUTIVE: 2}  # fmt: skip
LIVE_SHARE = 0.6

# A title is one of its level's patterns, with {area} filled by a product area. Postings
# deal titles from a shuffled deck per level, so a title comes back only once its whole
# deck has been used, as on a real board where most openings are named differently.
TITLES = {
    Level.INTERN: ["Product Management Intern", "Product Intern, {area}",
                   "Product Management Intern, {area}"],
    Level.ENTRY: ["Associate Product Manager", "Junior Product Manager",
                  "Associate Product Manager, {area}", "Junior Product Manager, {area}",
                  "APM, {area}"],
    Level.MID: ["Product Manager", "Technical Product Manager", "Product Manager, {area}",
                "Technical Product Manager, {area}", "Product Owner, {area}"],
    Level.SENIOR: ["Senior Product Manager", "Senior Technical Product Manager",
                   "Senior Product Manager, {area}", "Senior Technical Product Manager, {area}",
                   "Senior Product Owner, {area}"],
    Level.LEAD: ["Lead Product Manager", "Principal Product Manager", "Group Product Manager",
                 "Lead Product Manager, {area}", "Principal Product Manager, {area}",
                 "Group Product Manager, {area}", "Staff Product Manager, {area}"],
    Level.DIRECTOR: ["Director of Product", "Head of Product", "Director of Product Management",
                     "Director of Product, {area}", "Head of Product, {area}"],
    Level.VP: ["VP of Product", "Vice President, Product Management", "VP of Product, {area}"],
    Level.EXECUTIVE: ["Chief Product Officer", "Chief Product and Technology Officer",
                      "Chief Product and Design Officer", "Chief Digital Product Officer"],
}  # fmt: skip
AREAS = [
    "Payments", "Checkout", "Growth", "Onboarding", "Search", "Data Platform", "Mobile",
    "API Platform", "Identity", "Billing", "Marketplace", "Developer Tools", "Analytics",
    "Pricing", "Integrations", "Personalisation", "Notifications", "Trust & Safety",
    "Merchant Tools", "Logistics", "Subscriptions", "Machine Learning", "Lending", "Fraud",
    "Patient Experience", "Content Discovery", "Ads", "Retention", "Self-Serve", "Enterprise",
    "Admin Console", "Accessibility", "Partner Platform", "Support Tools", "Reporting",
    "Localisation", "Maps", "Security", "AI Assistants", "Internal Tools",
]  # fmt: skip
# Every title of each level, its patterns filled with each area.
TITLE_DECKS = {
    level.value: [
        title
        for pattern in patterns
        for title in (
            [pattern.format(area=area) for area in AREAS] if "{area}" in pattern else [pattern]
        )
    ]
    for level, patterns in TITLES.items()
}

FOCUS: dict[str, str] = {
    Industry.SOFTWARE: "a B2B software platform used by thousands of teams",
    Industry.BFSI: "digital banking and payments for retail customers",
    Industry.HEALTHCARE: "patient-facing care and scheduling products",
    Industry.TELECOM: "self-service apps for mobile and broadband customers",
    Industry.MEDIA: "streaming and subscription experiences",
    Industry.RETAIL: "online shopping, search and checkout",
    Industry.MANUFACTURING: "connected tools for factory operations",
    Industry.ENERGY: "smart-meter and home-energy products",
    Industry.EDUCATION: "online learning for schools and universities",
    Industry.OTHER: "products for small businesses",
}
DUTIES = [
    "Talk to customers every week and turn what you learn into clear problem statements.",
    "Own the roadmap for your area and explain the why behind every priority.",
    "Write crisp specifications with success metrics before work starts.",
    "Work day to day with design and engineering from discovery to launch.",
    "Run experiments and read the results honestly, including the disappointing ones.",
    "Keep stakeholders in sales, support and finance informed and aligned.",
    "Define and track the product metrics that show whether customers get value.",
    "Plan launches with marketing: positioning, pricing and release notes.",
]
NEEDS: dict[str, str] = {
    Level.INTERN: "You are studying or have just graduated and are curious about products.",
    Level.ENTRY: "One to three years in an adjacent role (analyst, design, engineering, "
    "support) and a habit of asking why.",
    Level.MID: "Three or more years of product experience shipping features end to end.",
    Level.SENIOR: "Five or more years in product, including owning a product area outright.",
    Level.LEAD: "You have led product for several teams and coached other PMs.",
    Level.DIRECTOR: "You have built and managed a team of product managers.",
    Level.VP: "You have run a product organisation and owned its strategy and budget.",
    Level.EXECUTIVE: "You have led product at company level and partnered with the board.",
}


@dataclass(frozen=True)
class CompanySpec:
    name: str
    industry: str
    size: str
    country: str


def company_pool(rng: random.Random, count: int) -> list[CompanySpec]:
    """``count`` fictional companies spread over industries, sizes and countries."""
    first = ["North", "Blue", "Bright", "Clear", "Silver", "Green", "Swift", "True", "Open",
             "Red", "Deep", "High", "Kite", "Lumen", "Atlas", "Nova", "Pine"]  # fmt: skip
    second = ["wind", "harbor", "stone", "field", "path", "spark", "loop", "ridge", "wave",
              "leaf", "forge", "bridge", "line", "point", "works", "labs"]  # fmt: skip
    suffix: dict[str, str] = {
        Industry.HEALTHCARE: " Health", Industry.BFSI: " Bank", Industry.RETAIL: " Retail",
        Industry.ENERGY: " Energy", Industry.EDUCATION: " Learning", Industry.MEDIA: " Media",
        Industry.TELECOM: " Telecom", Industry.MANUFACTURING: " Industries",
    }  # fmt: skip
    industries = list(Industry.values)
    sizes = list(CompanySize.values)
    countries = list(COUNTRY_WEIGHTS)
    weights = list(COUNTRY_WEIGHTS.values())
    # Drawn without replacement, so no two companies share a name; past the number of
    # distinct stems, a number tells them apart.
    stems = [f"{start}{end}" for start in first for end in second]
    stems = rng.sample(stems, min(count, len(stems)))
    specs = []
    for n in range(count):
        industry = rng.choice(industries)
        name = f"{stems[n % len(stems)]}{suffix.get(industry, '')}"
        if count > len(stems):
            name = f"{name} {n}"
        specs.append(
            CompanySpec(
                name=name,
                industry=industry,
                size=rng.choice(sizes),
                country=rng.choices(countries, weights)[0],
            )
        )
    return specs


def _title_dealer(rng: random.Random) -> Callable[[str], tuple[str, bool]]:
    """A function that deals (title, technical flag) for a level from that level's deck."""
    decks = {
        level: [(title, domain.technical_for(title)) for title in titles]
        for level, titles in TITLE_DECKS.items()
    }
    piles: dict[str, list[tuple[str, bool]]] = {}

    def deal(level: str) -> tuple[str, bool]:
        pile = piles.get(level)
        if not pile:
            pile = piles[level] = rng.sample(decks[level], len(decks[level]))
        return pile.pop()

    return deal


def posting_salary(
    rng: random.Random, *, country: str, level: str, industry: str, size: str, technical: bool
) -> tuple[int, int, str, str]:
    """(min, max, currency, period) in minor units, yearly except interns paid monthly."""
    scale = PAY.countries[country]
    factor = PAY.levels[level] * PAY.industries[industry] * PAY.sizes[size]
    factor *= PAY.technical if technical else 1.0
    middle = scale.average * factor * rng.uniform(1 - PAY.noise, 1 + PAY.noise)
    spread = rng.uniform(*PAY.spread)
    low, high = middle * (1 - spread), middle * (1 + spread)
    period = SalaryPeriod.YEAR
    if level == Level.INTERN:
        low, high, period = low / 12, high / 12, SalaryPeriod.MONTH
    step = 1000 if period == SalaryPeriod.YEAR else 50
    minor = _MINOR_UNITS[country]
    return (
        int(round(low / step) * step) * minor,
        int(round(high / step) * step) * minor,
        scale.currency,
        period,
    )


def _home_country(company: Company) -> str:
    code = company.country.code if company.country else ""
    return code if code in PAY.countries else FALLBACK_COUNTRY


def describe(industry: str, level: str, rng: random.Random) -> str:
    return _description(industry, level, tuple(sorted(rng.sample(range(len(DUTIES)), 4))))


@cache
def _description(industry: str, level: str, duties: tuple[int, ...]) -> str:
    lines = [
        f"You will shape {FOCUS[industry]}.",
        "",
        "## What you will do",
        *(f"- {DUTIES[n]}" for n in duties),
        "",
        "## What you bring",
        f"- {NEEDS[level]}",
        "- Clear writing and the confidence to say no with reasons.",
    ]
    return "\n".join(lines)


def generate(
    *, count: int, seed: int, companies: list, skill_ids: list[int], now: datetime, source: str
) -> Iterator[tuple[JobPosting, list[int]]]:
    """Yield ``count`` unsaved postings with the skill ids each should carry.

    ``companies`` are saved Company rows. Postings are spread over the last year;
    those older than their 60-day validity are expired, as on a real board.
    """
    rows = posting_rows(
        count=count, seed=seed, companies=companies, skill_ids=skill_ids, now=now, source=source
    )
    for company, fields, skills in rows:
        yield JobPosting(company=company, **fields), skills


def posting_rows(
    *, count: int, seed: int, companies: list, skill_ids: list[int], now: datetime, source: str
) -> Iterator[tuple[Company, dict[str, Any], list[int]]]:
    """The postings of ``generate()`` as plain field values: (company, fields, skill ids).

    Bulk loaders that write rows themselves use these to skip building model
    instances; a seed gives the same postings either way.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    levels = [level.value for level in LEVEL_WEIGHTS]
    level_weights = list(accumulate(LEVEL_WEIGHTS.values()))
    countries, country_weights = list(COUNTRY_WEIGHTS), list(accumulate(COUNTRY_WEIGHTS.values()))
    remote_policies, remote_weights = list(RemotePolicy.values), list(accumulate([45, 35, 20]))
    employment_types = [EmploymentType.FULL_TIME.value, EmploymentType.CONTRACT.value,
                        EmploymentType.PART_TIME.value]  # fmt: skip
    employment_weights = list(accumulate([88, 9, 3]))
    apply_methods, apply_weights = list(ApplyMethod.values), list(accumulate([60, 30, 10]))
    deal_title = _title_dealer(rng)
    employers = [
        (company, _home_country(company), company.size or CompanySize.SMALL_MID)
        for company in companies
    ]
    published, expired = PostingStatus.PUBLISHED.value, PostingStatus.EXPIRED.value
    validity = timedelta(days=60)
    for n in range(count):
        company, home_country, size = employers[n % len(employers)]
        level = rng.choices(levels, cum_weights=level_weights)[0]
        title, technical = deal_title(level)
        country = home_country
        if rng.random() < 0.25:
            country = rng.choices(countries, cum_weights=country_weights)[0]
        low, high, currency, period = posting_salary(
            rng,
            country=country,
            level=level,
            industry=company.industry,
            size=size,
            technical=technical,
        )
        # Most postings are live; the rest are a year of history for the salary benchmarks.
        age = rng.uniform(0, 58) if rng.random() < LIVE_SHARE else rng.uniform(60, 330)
        posted_at = now - timedelta(days=age, minutes=rng.randint(0, 1440))
        valid_through = posted_at + validity
        remote = rng.choices(remote_policies, cum_weights=remote_weights)[0]
        employment = (
            EmploymentType.INTERNSHIP.value
            if level == Level.INTERN
            else rng.choices(employment_types, cum_weights=employment_weights)[0]
        )
        # Keyword order below is the order the random stream is drawn in: keep it.
        fields = {
            "title": title,
            "slug": domain.posting_slug(title, company.name, f"{source}-{n}"),
            "description": describe(company.industry, level, rng),
            "level": level,
            "technical": technical,
            "employment_type": employment,
            "remote_policy": remote,
            "city": rng.choice(CITIES[country]),
            "country": country,
            "salary_min": low,
            "salary_max": high,
            "salary_currency": currency,
            "salary_period": period,
            "apply_method": rng.choices(apply_methods, cum_weights=apply_weights)[0],
            "apply_url": f"https://careers.example.com/{source}/{n}",
            "apply_email": f"jobs+{n}@example.com",
            "status": published if valid_through > now else expired,
            "posted_at": posted_at,
            "valid_through": valid_through,
            "created_at": posted_at,
            "source": source,
            "external_id": f"{source}-{n}",
        }
        yield company, fields, rng.sample(skill_ids, k=min(len(skill_ids), rng.randint(3, 6)))
