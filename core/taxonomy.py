"""The vocabularies the job board, the salary benchmarks and the career guides share.

Levels, industries, company sizes, remote policies and salary periods name the same
things in postings, salary cells and guides, so each is defined here once and every app
imports it from here. Skills are data rather than a fixed list: careers.models.Skill.
"""

from django.db import models


class Level(models.TextChoices):
    INTERN = "intern", "Intern"
    ENTRY = "entry", "Associate / entry"
    MID = "mid", "Product manager"
    SENIOR = "senior", "Senior"
    LEAD = "lead", "Lead / principal"
    DIRECTOR = "director", "Director / head of product"
    VP = "vp", "VP of product"
    EXECUTIVE = "executive", "Chief product officer"


class Industry(models.TextChoices):
    TELECOM = "telecom", "Telecom"
    SOFTWARE = "software", "IT and software"
    BFSI = "bfsi", "Banking, financial services and insurance"
    RETAIL = "retail", "Consumer goods and retail"
    MANUFACTURING = "manufacturing", "Manufacturing"
    HEALTHCARE = "healthcare", "Healthcare"
    EDUCATION = "education", "Education"
    ENERGY = "energy", "Energy and utilities"
    MEDIA = "media", "Media and entertainment"
    OTHER = "other", "Other"


class CompanySize(models.TextChoices):
    STARTUP = "startup", "Startup (1-50)"
    SMALL_MID = "small_mid", "Small and mid-size (51-1,000)"
    LARGE = "large", "Large (1,001-10,000)"
    ENTERPRISE = "enterprise", "Enterprise (10,000+)"


class RemotePolicy(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class SalaryPeriod(models.TextChoices):
    HOUR = "hour", "per hour"
    DAY = "day", "per day"
    WEEK = "week", "per week"
    MONTH = "month", "per month"
    YEAR = "year", "per year"


# Working units in a year, used to annualize salaries (DESIGN.md, salary semantics).
PERIODS_PER_YEAR = {
    SalaryPeriod.HOUR: 2080,
    SalaryPeriod.DAY: 260,
    SalaryPeriod.WEEK: 52,
    SalaryPeriod.MONTH: 12,
    SalaryPeriod.YEAR: 1,
}


def annualize(amount: int | None, period: str) -> int | None:
    """Return ``amount`` (minor units per ``period``) as minor units per year."""
    if amount is None:
        return None
    return amount * PERIODS_PER_YEAR[SalaryPeriod(period)]
