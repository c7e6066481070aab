"""What parsers hand to validation, what validation hands to the store, and how runs fail."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

logger = logging.getLogger(__name__)


class FeedError(Exception):
    """The feed cannot be read at all: nothing in it can be taken as records."""


class Rejected(Exception):
    """One record breaks a rule; the message says which, in words a feed owner can act on."""


@dataclass(slots=True)
class FeedRecord:
    """One posting as a feed described it, under common names, its values not yet checked.

    Parsers fill what their format has; validation reads every field defensively,
    since any of them may hold text, a number, a list or nothing.
    """

    number: int
    external_id: Any = None
    url: Any = None
    title: Any = None
    description: Any = None
    description_is_html: bool = False
    date_posted: Any = None
    valid_through: Any = None
    employment_type: Any = None
    company: Any = None
    company_url: Any = None
    company_employees: Any = None
    industry: Any = None
    city: Any = None
    region: Any = None
    country: Any = None
    # A RemotePolicy value when the feed says how the role is worked.
    remote: Any = None
    applicant_countries: Any = None
    salary_currency: Any = None
    salary_min: Any = None
    salary_max: Any = None
    salary_unit: Any = None
    skills: Any = None
    level: Any = None


@dataclass(frozen=True, slots=True)
class Rejection:
    number: int
    reason: str
    # The id the record gives, when it gives one: the source still lists that posting.
    external_id: str = ""

    def __str__(self) -> str:
        return f"record {self.number}: {self.reason}"

    @classmethod
    def unexpected(cls, number: int, error: Exception) -> Rejection:
        """Reject a record that failed in a way no rule names; call it where ``error`` is caught.

        One odd record must not end the run for the others (DESIGN.md); the traceback is
        logged for the developers.
        """
        logger.exception("Feed record %s could not be read", number)
        return cls(number, f"cannot be read ({type(error).__name__})")


@dataclass(slots=True)
class Posting:
    """A validated, normalized record: every value fits the job board's fields."""

    number: int
    external_id: str
    title: str
    description: str
    description_html: str
    company_name: str
    company_website: str
    company_industry: str
    company_size: str
    level: str
    technical: bool
    employment_type: str
    remote_policy: str
    applicant_countries: list[str]
    city: str
    region: str
    country: str
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    salary_period: str
    skills: list[str]
    posted_at: datetime | None
    valid_through: datetime | None
    apply_url: str
    # Derived from the fields above once, for the store.
    company_key: str = ""
    dedupe_key: str = ""
    content_hash: str = ""


@dataclass(slots=True)
class Report:
    """What a run did with each record: every record lands in exactly one count.

    ``closed`` counts the postings a snapshot closed because it no longer lists them.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    closed: int = 0

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    @property
    def records(self) -> int:
        return self.created + self.updated + self.unchanged + self.duplicates + self.rejected

    def add(self, other: Report) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.duplicates += other.duplicates
        self.rejections += other.rejections
        self.closed += other.closed

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"duplicates {self.duplicates}, rejected {self.rejected}, closed {self.closed}"
        )

    def lines(self) -> list[str]:
        """The summary, then one line per rejected record."""
        return [self.summary(), *(str(rejection) for rejection in self.rejections)]

    def as_dict(self, limit: int | None = None) -> dict[str, object]:
        """The counts and the first ``limit`` rejected records (all of them by default)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "closed": self.closed,
            "rejections": [
                {"record": rejection.number, "reason": rejection.reason}
                for rejection in self.rejections[:limit]
            ],
        }
