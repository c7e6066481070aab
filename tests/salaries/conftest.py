"""Fixtures of the salaries tests."""

import pytest

from gigs.domain import BudgetType, GigCategory
from salaries.models import BenchmarkRefresh
from salaries.services import benchmarks_refresh
from tests.jobs.factories import SkillFactory

from .rate_data import HOURLY_DISCOVERY, accepted


@pytest.fixture
def rates(db) -> BenchmarkRefresh:
    """Six hourly GBP discovery rates (GBP 60-110, SQL on all), three analytics ones, two EUR."""
    sql = SkillFactory.create(name="SQL", slug="sql")
    for pounds in (60, 70, 80, 90, 100, 110):
        accepted(pounds * 100, skills=[sql], **HOURLY_DISCOVERY)
    for pounds in (120, 130, 140):
        accepted(pounds * 100, budget_type=BudgetType.HOURLY, category=GigCategory.ANALYTICS)
    for euros in (70, 75):
        accepted(euros * 100, currency="EUR", **HOURLY_DISCOVERY)
    return benchmarks_refresh()
