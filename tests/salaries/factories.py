"""Postings shaped for salary tests: exact salaries, chosen dimensions, shared companies."""

from __future__ import annotations

from datetime import datetime, timedelta

import factory
from django.utils import timezone

from core.taxonomy import CompanySize, Industry, Level, SalaryPeriod
from jobs.domain import PostingStatus
from jobs.models import Company, JobPosting
from salaries.models import FxRate, ReferenceFigure
from tests.jobs.factories import CompanyFactory, PostingFactory


def company(industry: str = Industry.SOFTWARE, size: str = CompanySize.SMALL_MID) -> Company:
    """One company per (industry, size), so postings of a cell can share it."""
    found = Company.objects.filter(slug=f"salary-{industry}-{size or 'unknown'}").first()
    return found or CompanyFactory.create(
        slug=f"salary-{industry}-{size or 'unknown'}", industry=industry, size=size
    )


SAME = object()


def salaried(
    low: int | None,
    high: int | None | object = SAME,
    *,
    currency: str = "GBP",
    period: str = SalaryPeriod.YEAR,
    level: str = Level.MID,
    country: str = "GB",
    industry: str = Industry.SOFTWARE,
    size: str = CompanySize.SMALL_MID,
    technical: bool = False,
    status: str = PostingStatus.PUBLISHED,
    posted_at: datetime | None = None,
    **extra,
) -> JobPosting:
    """A posting paying ``low``-``high`` minor units per ``period`` (``high``: ``low``)."""
    if high is SAME:
        high = low
    return PostingFactory.create(
        title="Product Manager",
        company=company(industry, size),
        level=level,
        technical=technical,
        country=country,
        salary_min=low,
        salary_max=high,
        salary_currency=currency,
        salary_period=period,
        status=status,
        posted_at=posted_at or timezone.now() - timedelta(days=3),
        **extra,
    )


class FxRateFactory(factory.django.DjangoModelFactory[FxRate]):
    class Meta:
        model = FxRate

    base = "GBP"
    quote = "EUR"
    rate = "1.15000000"
    as_of = factory.LazyFunction(lambda: timezone.now().date())
    source = "Test rate"


class ReferenceFigureFactory(factory.django.DjangoModelFactory[ReferenceFigure]):
    class Meta:
        model = ReferenceFigure

    title = "Product manager"
    country = "GB"
    currency = "GBP"
    average = 5_291_300
    source = "Indeed"
    as_of = 2024
