"""Generated pay sits believably beside the published reference figures, level by level."""

import random
import statistics
from collections import defaultdict
from datetime import UTC, datetime

import pytest

from accounts.visitor import country_currency
from core.money import exponent
from core.taxonomy import CompanySize, Industry, Level, annualize
from jobs.generator import PAY, company_pool, posting_rows, posting_salary
from jobs.models import Company
from salaries.demo import seed_reference_figures
from salaries.models import FigureKind, ReferenceFigure

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
POSTINGS = 60_000
# The published averages of DOMAIN.md ("Salary reference figures"), whole units a year,
# written out here so the generator is checked against the sources, not against itself.
PUBLISHED = {
    "US": ("USD", 89_536),
    "CA": ("CAD", 88_332),
    "GB": ("GBP", 52_913),
    "IE": ("EUR", 77_213),
    "AU": ("AUD", 121_665),
    "IN": ("INR", 1_640_000),
}
INDIA_BAND = (600_000, 3_500_000)
# The unsigned article's US technical PM base ranges, by level.
TPM_RANGES = {Level.MID: (95_000, 130_000), Level.SENIOR: (130_000, 180_000)}
LADDER = [
    Level.INTERN,
    Level.ENTRY,
    Level.MID,
    Level.SENIOR,
    Level.LEAD,
    Level.DIRECTOR,
    Level.VP,
    Level.EXECUTIVE,
]


def companies(count: int) -> list[Company]:
    """Unsaved companies as generate_postings makes them: the generator only reads them."""
    specs = company_pool(random.Random(3), count)
    return [
        Company(
            name=spec.name,
            slug=f"c-{n}",
            industry=spec.industry,
            size=spec.size,
            country=spec.country,
        )
        for n, spec in enumerate(specs)
    ]


def yearly(fields: dict) -> float:
    """A posting's annualized midpoint in whole units, as the salary benchmarks value it."""
    middle = (fields["salary_min"] + fields["salary_max"]) / 2
    return annualize(middle, fields["salary_period"]) / 10 ** exponent(fields["salary_currency"])


@pytest.fixture(scope="module")
def pay() -> dict[tuple, float]:
    """Median yearly pay by (country, level, technical), with None for "all" of a dimension."""
    values: dict[tuple, list[float]] = defaultdict(list)
    rows = posting_rows(
        count=POSTINGS,
        seed=17,
        companies=companies(POSTINGS // 200),
        skill_ids=[1, 2, 3, 4],
        now=NOW,
        source="pay",
    )
    for _, fields, _ in rows:
        value = yearly(fields)
        for level in (fields["level"], None):
            for technical in (fields["technical"], None):
                values[(fields["country"], level, technical)].append(value)
    return {key: statistics.median(found) for key, found in values.items()}


def test_mid_level_pay_sits_at_each_published_average(pay):
    """A mid-level PM's median is about the country's published average (0.9x to 1.15x)."""
    for country, (_, average) in PUBLISHED.items():
        assert 0.9 <= pay[(country, Level.MID, None)] / average <= 1.15, country


def test_entry_pays_below_the_average_and_senior_above(pay):
    """Associate roles pay under the published average, senior roles over it."""
    for country, (_, average) in PUBLISHED.items():
        assert pay[(country, Level.ENTRY, None)] < 0.85 * average, country
        assert pay[(country, Level.SENIOR, None)] > 1.1 * average, country


def test_all_levels_median_stays_near_the_average(pay):
    """The headline median of all postings is within 0.9x to 1.35x of the published average."""
    for country, (_, average) in PUBLISHED.items():
        assert 0.9 <= pay[(country, None, None)] / average <= 1.35, country


def test_india_pay_stays_inside_its_published_band(pay):
    """Entry to director medians in India fall inside AmbitionBox's 6-35 lakh band."""
    low, high = INDIA_BAND
    for level in (Level.ENTRY, Level.MID, Level.SENIOR, Level.LEAD, Level.DIRECTOR):
        assert low <= pay[("IN", level, None)] <= high, level


def test_pay_rises_with_every_level_in_every_country(pay):
    """Each rung of the ladder pays more than the one below it, wherever the role is."""
    for country in PAY.countries:
        medians = [pay[(country, level, None)] for level in LADDER]
        assert medians == sorted(medians), country
        assert len(set(medians)) == len(medians), country


def test_technical_roles_pay_more_than_the_others_at_their_level(pay):
    """At mid and senior level a technical PM's median beats a non-technical one's."""
    for country in PUBLISHED:
        for level in (Level.MID, Level.SENIOR):
            assert pay[(country, level, True)] > pay[(country, level, False)], (country, level)


def test_us_technical_pay_sits_in_the_published_tpm_ranges(pay):
    """US technical PM medians at mid and senior level fall inside the article's ranges."""
    for level, (low, high) in TPM_RANGES.items():
        assert low <= pay[("US", level, True)] <= high, level


def test_every_range_has_a_believable_width():
    """Maximum over minimum lies between 1.15 and 1.6: neither a point nor a guess."""
    rng = random.Random(5)  # noqa: S311 - test data
    for country in PAY.countries:
        for level in LADDER:
            for technical in (False, True):
                low, high, _, _ = posting_salary(
                    rng,
                    country=country,
                    level=level,
                    industry=Industry.EDUCATION,
                    size=CompanySize.STARTUP,
                    technical=technical,
                )
                assert 1.15 <= high / low <= 1.6, (country, level, technical)


def test_pay_is_in_each_countrys_own_currency():
    """Every calibrated country pays in the currency it uses, in that currency's minor units."""
    rng = random.Random(6)  # noqa: S311 - test data
    for country, scale in PAY.countries.items():
        low, _, currency, _ = posting_salary(
            rng,
            country=country,
            level=Level.MID,
            industry=Industry.SOFTWARE,
            size=CompanySize.LARGE,
            technical=False,
        )
        assert currency == scale.currency == country_currency(country)
        whole = low / 10 ** exponent(currency)
        assert 0.5 * scale.average < whole < 1.5 * scale.average, country


def test_only_published_countries_are_marked_published():
    """The anchors marked published are exactly DOMAIN.md's; every other is an assumption."""
    marked = {code for code, scale in PAY.countries.items() if scale.published}
    assert marked == set(PUBLISHED)


@pytest.mark.django_db
def test_published_anchors_equal_the_seeded_reference_figures():
    """Each published anchor is the reference figure the salary pages show, unit for unit."""
    seed_reference_figures()
    for country, scale in PAY.countries.items():
        if not scale.published:
            continue
        figure = ReferenceFigure.objects.get(
            country=country, technical=False, kind=FigureKind.AVERAGE
        )
        assert (figure.currency, figure.average) == (scale.currency, scale.average * 100)
        assert (scale.currency, scale.average) == PUBLISHED[country]


def test_a_company_outside_the_calibration_posts_in_a_calibrated_country():
    """A company in a country with no pay anchor still gets priced postings, not an error."""
    elsewhere = Company(
        name="Lejos", slug="lejos", industry=Industry.RETAIL, size=CompanySize.LARGE, country="MX"
    )
    rows = list(
        posting_rows(
            count=40, seed=2, companies=[elsewhere], skill_ids=[1, 2, 3], now=NOW, source="mx"
        )
    )
    assert len(rows) == 40
    for _, fields, _ in rows:
        assert fields["country"] in PAY.countries
        assert fields["salary_currency"] == PAY.countries[fields["country"]].currency
