"""A job posting's rules as plain values: its derived fields, statuses and duplicates.

``JobPosting.save()``, the posting services, the bulk loader and feed ingestion all call
these functions, so each rule is written once. Nothing here reads or writes the database.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TypedDict

from django.db import models
from django.utils.text import slugify

from core.markdown import render_markdown
from core.taxonomy import annualize
from jobs.taxonomy import infer_level, infer_technical


class PostingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    EXPIRED = "expired", "Expired"
    FILLED = "filled", "Filled"
    ARCHIVED = "archived", "Archived"


Status = PostingStatus

# The status machine (DESIGN.md): draft -> pending -> published -> expired / filled /
# archived; pending -> rejected -> (edit) -> pending. Verified companies skip review.
# A posting people write starts as a draft; feeds' postings start as ingested_state says.
STARTING_STATUS = Status.DRAFT
# Each action by the statuses it may start from.
EDITABLE = frozenset({Status.DRAFT, Status.PENDING, Status.REJECTED, Status.PUBLISHED})
SUBMITTABLE = frozenset({Status.DRAFT, Status.REJECTED})
ARCHIVABLE = EDITABLE
REPOSTABLE = frozenset({Status.EXPIRED, Status.FILLED, Status.ARCHIVED})
TRANSITIONS: dict[str, frozenset[PostingStatus]] = {
    "edited": EDITABLE,
    "submitted": SUBMITTABLE,
    "approved": frozenset({Status.PENDING}),
    "rejected": frozenset({Status.PENDING}),
    "marked filled": frozenset({Status.PUBLISHED}),
    "archived": ARCHIVABLE,
    "reposted": REPOSTABLE,
}
# Statuses people chose; a feed's update changes a posting's content but not these.
CLOSED_BY_PEOPLE = frozenset({Status.FILLED, Status.ARCHIVED})

# The same role posted again within this time of the first is a duplicate.
DUPLICATE_WINDOW = timedelta(days=30)
# Postings in these statuses are never the original of a duplicate, nor are duplicates.
NEVER_ORIGINAL = frozenset({Status.DRAFT, Status.REJECTED, Status.ARCHIVED})
# Statuses whose page anyone may open: live postings, and closed ones with a banner.
PUBLIC = frozenset({Status.PUBLISHED, Status.EXPIRED, Status.FILLED})
# Live now, or closed after it was: what the market insights count as demand.
WENT_LIVE = PUBLIC | {Status.ARCHIVED}

_NON_WORD = re.compile(r"[^\w]+")


def allows(status: str, action: str) -> bool:
    """Whether a posting in ``status`` may be ``action`` (a key of TRANSITIONS)."""
    return status in TRANSITIONS[action]


def submitted_status(*, verified: bool) -> PostingStatus:
    """Where a submitted posting goes: live for a verified company, to review otherwise."""
    return Status.PUBLISHED if verified else Status.PENDING


def edited_status(status: str, *, verified: bool) -> str:
    """A live posting of an unverified company goes back to review when it is edited."""
    if status == Status.PUBLISHED and not verified:
        return Status.PENDING
    return status


def publication_dates(
    *, now: datetime, valid_through: datetime | None, validity: timedelta
) -> tuple[datetime, datetime]:
    """(posted at, valid through) of a posting published ``now``: it keeps a closing date
    still ahead, otherwise it stays open for the board's ``validity``."""
    if valid_through is None or valid_through <= now:
        valid_through = now + validity
    return now, valid_through


def ingested_state(
    *,
    trusted: bool,
    posted_at: datetime | None,
    valid_through: datetime | None,
    now: datetime,
    validity: timedelta,
    listed: bool = False,
) -> tuple[PostingStatus, datetime | None, datetime | None]:
    """(status, posted at, valid through) of a posting a feed brings.

    A trusted source's postings are live from their date posted (or now) until their
    closing date (or the board's validity), expired when that has passed; others wait
    for moderation, which dates them when it approves. A posting a snapshot ``listed``
    is open now whatever its age: without a closing date of its own it stays open for
    the board's validity from now (``listed_until``).
    """
    if listed:
        valid_through = listed_until(valid_through=valid_through, seen_at=now, validity=validity)
    if not trusted:
        return Status.PENDING, posted_at, valid_through
    posted_at = posted_at or now
    valid_through = valid_through or posted_at + validity
    return (Status.EXPIRED if valid_through <= now else Status.PUBLISHED), posted_at, valid_through


def status_after_feed_update(stored: str, incoming: str) -> str:
    """The status of a posting a feed updates: the one people chose, else the feed's."""
    return stored if stored in CLOSED_BY_PEOPLE else incoming


def status_when_relisted(stored: str, incoming: str) -> str:
    """The status of a posting a snapshot lists again with the same content.

    A posting that expired (by time, or because an earlier snapshot left it out) opens
    again as a new posting of the feed would (live from a trusted feed, back to review
    otherwise); a live one stays live unless the source's own closing date has passed.
    Every other status (waiting for review, rejected, closed by people) stays as it is.
    """
    if stored == Status.EXPIRED:
        return incoming
    if stored == Status.PUBLISHED and incoming == Status.EXPIRED:
        return Status.EXPIRED
    return stored


def listed_until(
    *, valid_through: datetime | None, seen_at: datetime, validity: timedelta
) -> datetime:
    """When a posting a snapshot still lists closes: on the source's closing date, else
    the board's validity after the snapshot last saw it."""
    return valid_through or seen_at + validity


def expiry_warned_after(
    *, warned_at: datetime | None, valid_through: datetime | None, moved_to: datetime | None
) -> datetime | None:
    """When the recruiters count as warned that a posting expires soon once a feed moves its
    closing date from ``valid_through`` to ``moved_to``: a later date clears the warning,
    so that it is given again as the new date nears."""
    if valid_through is not None and moved_to is not None and moved_to > valid_through:
        return None
    return warned_at


# A snapshot closes only live postings that it no longer lists. A posting waiting for
# review stays in the queue: nobody sees it yet, and if a moderator publishes a role the
# source has dropped, the next snapshot closes it.
CLOSED_WHEN_UNLISTED = frozenset({Status.PUBLISHED})


def unlisted_needs_review(*, open_count: int, unlisted: int) -> bool:
    """Whether closing ``unlisted`` of a source's ``open_count`` live postings needs a person.

    A snapshot that leaves out more than half of a source's live postings (or all of
    them) more likely comes from a broken board than from a hiring freeze.
    """
    return unlisted > 0 and (unlisted == open_count or 2 * unlisted > open_count)


def level_for(title: str, level: str | None = None) -> str:
    """The level given, or else the one the title implies."""
    return level or infer_level(title)


def technical_for(title: str, technical: bool | None = None) -> bool:
    """The technical flag given, or else whether the title names a technical role."""
    return infer_technical(title) if technical is None else technical


def posting_slug(title: str, company_name: str, suffix: str | int) -> str:
    """A posting's URL slug: its title, its company, and a suffix that makes it unique."""
    title_part = _slug_part(title)[:100] or "posting"
    company_part = _slug_part(company_name)[:80] or "company"
    return f"{title_part}-{company_part}-{suffix}"


# Loads and the generator name thousands of postings after a few titles and companies.
_slug_part = lru_cache(maxsize=4096)(slugify)


def description_html(description: str) -> str:
    return render_markdown(description)


class SalaryFields(TypedDict):
    salary_currency: str
    salary_min_annual: int | None
    salary_max_annual: int | None


def salary_fields(
    *, salary_min: int | None, salary_max: int | None, salary_currency: str, salary_period: str
) -> SalaryFields:
    """The currency code as stored and the bounds annualized (minor units per year)."""
    return {
        "salary_currency": salary_currency.upper(),
        "salary_min_annual": annualize(salary_min, salary_period),
        "salary_max_annual": annualize(salary_max, salary_period),
    }


def skills_text(names: Iterable[str]) -> str:
    """Skill names as the text the search vector weighs, in a stable order."""
    return ", ".join(sorted(names))


def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", ascii_text.lower()).strip()


def dedupe_key(
    *,
    company_name: str,
    title: str,
    country: str,
    city: str,
    salary_min: int | None,
    salary_max: int | None,
    salary_currency: str,
    salary_period: str,
) -> str:
    """Normalized company, title, place and salary: postings with equal keys are one role."""
    parts = [
        normalize(company_name),
        normalize(title),
        country.upper(),
        normalize(city),
        "" if salary_min is None else str(salary_min),
        "" if salary_max is None else str(salary_max),
        salary_currency.upper(),
        salary_period,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def original_among(
    candidates: Iterable[tuple[int, datetime]], *, pk: int | None, moment: datetime
) -> int | None:
    """The id of the first other candidate within the duplicate window of ``moment``.

    ``candidates`` are (id, moment) of the postings with the same key that may be
    originals (none in NEVER_ORIGINAL, none a duplicate), oldest first. A posting's
    moment is when it was posted, or created if it was not.
    """
    for candidate, when in candidates:
        if candidate != pk and abs(when - moment) <= DUPLICATE_WINDOW:
            return candidate
    return None
