"""The job board's own vocabulary (employment types) and reading a level from a title.

Level and technical-flag inference from a title lives here, so the posting form and
ingestion read a title the same way. The vocabularies other apps share are core.taxonomy's.
"""

import re

from django.db import models

from core.taxonomy import Level


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", "Full-time"
    PART_TIME = "part_time", "Part-time"
    CONTRACT = "contract", "Contract"
    TEMPORARY = "temporary", "Temporary"
    INTERNSHIP = "internship", "Internship"


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
