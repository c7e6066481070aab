"""Reference vocabularies of the job board: levels, contract terms, salary periods.

Level and technical-flag inference from a title lives here too, so the posting
form, ingestion and the salary benchmarks all read a title the same way.
"""

import re

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


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", "Full-time"
    PART_TIME = "part_time", "Part-time"
    CONTRACT = "contract", "Contract"
    TEMPORARY = "temporary", "Temporary"
    INTERNSHIP = "internship", "Internship"


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


# Checked in order: the first pattern that matches a title decides its level.
_LEVEL_PATTERNS = [
    (Level.EXECUTIVE, r"\bchief product officer\b|\bcpo\b"),
    (Level.VP, r"\bvp\b|\bvice[- ]president\b|\bsvp\b|\bevp\b"),
    (Level.DIRECTOR, r"\bdirector\b|\bhead of\b"),
    (Level.INTERN, r"\bintern(ship)?\b|\btrainee\b|\bplacement\b"),
    (Level.LEAD, r"\blead\b|\bprincipal\b|\bstaff\b|\bgroup product\b|\bgpm\b"),
    (Level.SENIOR, r"\bsenior\b|\bsr\.?(?=\s|$)"),
    (Level.ENTRY, r"\bassociate\b|\bapm\b|\bjunior\b|\bjr\.?(?=\s|$)|\bentry\b|\bgraduate\b"),
]
_TECHNICAL_PATTERN = re.compile(
    r"\btechnical\b|\btpm\b|\bplatform\b|\bapi\b|\bdata product\b|\bml\b|\bai\b|\binfrastructure\b"
)


def infer_level(title: str) -> str:
    """Return the level a PM job title implies; plain 'Product Manager' is mid."""
    text = title.lower()
    for level, pattern in _LEVEL_PATTERNS:
        if re.search(pattern, text):
            return level
    return Level.MID


def infer_technical(title: str) -> bool:
    """Whether the title names a technical PM role (TPM, platform, API, data, ML...)."""
    return bool(_TECHNICAL_PATTERN.search(title.lower()))
