"""Validation: a parsed feed record becomes a normalized posting, or is rejected with a reason.

Reasons name the rule and the offending value, so a feed owner can find and fix the
record. Descriptions arrive as HTML (sanitized here) or plain text (escaped into
paragraphs); either way the stored Markdown source renders to the same sanitized HTML.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import fields
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from core.markdown import sanitize_html
from core.money import to_minor
from core.taxonomy import Level, RemotePolicy, SalaryPeriod
from core.validators import validate_multi_line, validate_single_line
from jobs import domain
from jobs.salary_bounds import annual_ceiling, salary_errors

from . import lookups
from .formats.common import shown
from .lookups import level_for, normalize, technical_for
from .records import FeedRecord, Posting, Rejected

TITLE_MAX = 200
COMPANY_MAX = 200
PLACE_MAX = 120
EXTERNAL_ID_MAX = 200
APPLY_URL_MAX = 500
WEBSITE_MAX = 200
# Years a posting's dates may fall in: job boards are younger than 1970, and far-future
# dates are typos that would overflow date arithmetic.
YEARS = range(1970, 2200)

_HTML_TAG = re.compile(
    r"<(p|br|ul|ol|li|div|span|h[1-6]|strong|em|b|i|u|a|table|tr|td|blockquote)\b[^>]*>", re.I
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)


def posting_from(record: FeedRecord, *, default_company: str = "") -> Posting:
    """Return the posting ``record`` describes; raise Rejected when it breaks a rule."""
    title = _text(record.title, "title", TITLE_MAX)
    if not title:
        raise Rejected("missing title")
    company = _text(record.company, "organization name", COMPANY_MAX) or default_company
    if not company:
        raise Rejected("missing organization (the hiring organization's name)")
    description, description_html = _description(record)
    applicant_countries = [_country(value) for value in _list(record.applicant_countries)]
    remote = _remote(record.remote)
    if remote == RemotePolicy.ONSITE:
        # Applicant locations only mean something for roles worked away from an office.
        applicant_countries = []
    country = _text(record.country, "country", PLACE_MAX)
    if country:
        country = _country(country)
    elif applicant_countries:
        country = applicant_countries[0]
    else:
        raise Rejected("missing country")
    salary_min, salary_max, currency, period = _salary(record)
    posted_at = _moment(record.date_posted, "date posted")
    valid_through = _moment(record.valid_through, "closing date (validThrough)")
    if posted_at and valid_through and valid_through <= posted_at:
        raise Rejected(
            f"closing date {valid_through.isoformat()} is not after the date posted "
            f"{posted_at.isoformat()}"
        )
    posting = Posting(
        number=record.number,
        external_id="",
        title=title,
        description=description,
        description_html=description_html,
        company_name=company,
        company_website=_website(record.company_url),
        company_industry=lookups.industry(_text(record.industry, "industry", None)),
        company_size=_company_size(record.company_employees),
        level=_level(record.level, title),
        technical=technical_for(title),
        employment_type=_employment_type(record.employment_type),
        remote_policy=remote,
        applicant_countries=sorted(set(applicant_countries)),
        city=_text(record.city, "city", PLACE_MAX),
        region=_text(record.region, "region", PLACE_MAX),
        country=country,
        salary_min=salary_min,
        salary_max=salary_max,
        salary_currency=currency,
        salary_period=period,
        skills=_skills(record.skills),
        posted_at=posted_at,
        valid_through=valid_through,
        apply_url=_apply_url(record.url),
    )
    posting.company_key = normalize(company)
    posting.dedupe_key = domain.dedupe_key(
        company_name=company,
        title=title,
        country=country,
        city=posting.city,
        salary_min=salary_min,
        salary_max=salary_max,
        salary_currency=currency,
        salary_period=period,
    )
    posting.content_hash = _digest(posting)
    posting.external_id = _external_id(record, posting.content_hash)
    return posting


def _text(value: Any, label: str, max_length: int | None, *, lines: bool = False) -> str:
    """``value`` as text of at most ``max_length`` characters, on one line unless ``lines``."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Rejected(f"{label} is not text")
    # PostgreSQL text cannot hold NUL characters; feeds carry stray ones, which mean nothing.
    text = str(value).replace("\x00", "").strip()
    if max_length is not None and len(text) > max_length:
        raise Rejected(f"{label} is longer than {max_length} characters")
    try:
        (validate_multi_line if lines else validate_single_line)(text)
    except ValidationError as error:
        raise Rejected(f"{label} holds control characters: {error.messages[0]}") from error
    return text


def _list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    return value if isinstance(value, list) else [value]


def _description(record: FeedRecord) -> tuple[str, str]:
    text = _text(record.description, "description", None, lines=True)
    if record.description_is_html or _HTML_TAG.search(text):
        cleaned = str(sanitize_html(text))
        return cleaned, cleaned
    return text, _paragraphs(text)


def _paragraphs(text: str) -> str:
    """Plain text as escaped HTML paragraphs, line breaks kept."""
    return "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in block.splitlines()) + "</p>"
        for block in _PARAGRAPH_BREAK.split(text)
        if block.strip()
    )


def _country(value: Any) -> str:
    text = _text(value, "country", PLACE_MAX)
    code = lookups.country_code(text)
    if code is None:
        raise Rejected(f"unknown country {shown(text)}")
    return code


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise Rejected(f"non-numeric salary {shown(value)}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise Rejected(f"non-numeric salary {shown(value)}") from None
    if not amount.is_finite():
        raise Rejected(f"non-numeric salary {shown(value)}")
    if amount < 0:
        raise Rejected(f"negative salary {shown(value)}")
    return amount


def _salary(record: FeedRecord) -> tuple[int | None, int | None, str, str]:
    low, high = _amount(record.salary_min), _amount(record.salary_max)
    top = high if high is not None else low
    if top is None:
        return None, None, "", SalaryPeriod.YEAR
    currency_text = _text(record.salary_currency, "salary currency", None)
    if not currency_text:
        raise Rejected("salary has no currency")
    currency = lookups.currency_code(currency_text)
    if currency is None:
        raise Rejected(f"unknown currency code {shown(currency_text)}")
    unit = _text(record.salary_unit, "salary unit", None)
    period = lookups.salary_period(unit) if unit else SalaryPeriod.YEAR
    if period is None:
        raise Rejected(f"unknown salary unit {shown(unit)}")
    if low is not None and high is not None and low > high:
        raise Rejected(f"salary minimum {low} is above the maximum {high}")
    # No amount per period passes the yearly ceiling: refusing those first keeps absurd
    # amounts (1e400) from being scaled to minor units at all.
    if top > annual_ceiling(currency):
        raise Rejected(f"salary {top} {currency} is out of range")
    low_minor = None if low is None else to_minor(low, currency)
    high_minor = None if high is None else to_minor(high, currency)
    errors = salary_errors(
        salary_min=low_minor, salary_max=high_minor, currency=currency, period=period
    )
    for field, amount in (("salary_min", low), ("salary_max", high)):
        if field in errors:
            raise Rejected(f"salary {amount} {currency} is out of range: {errors[field]}")
    return low_minor, high_minor, currency, period


def _moment(value: Any, label: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Rejected(f"unparseable {label} {shown(value)}") from None
    else:
        raise Rejected(f"unparseable {label} {shown(value)}")
    if not YEARS.start <= moment.year < YEARS.stop:
        raise Rejected(f"{label} {shown(value)} is out of range")
    # Dates without a zone are taken as UTC, the board's time zone.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _remote(value: Any) -> str:
    text = _text(value, "remote policy", None)
    if not text:
        return RemotePolicy.ONSITE
    policy = lookups.remote_policy(text)
    if policy is None:
        raise Rejected(f"unknown remote policy {shown(text)} (onsite, hybrid or remote)")
    return policy


def _level(value: Any, title: str) -> str:
    text = _text(value, "level", None).lower()
    if text and text not in Level.values:
        raise Rejected(f"unknown level {shown(text)} (one of {', '.join(Level.values)})")
    return level_for(title, text)


def _employment_type(value: Any) -> str:
    """The first type the board knows among those given; full-time when none is known."""
    for item in _list(value):
        if isinstance(item, str) and (known := lookups.employment_type(item)):
            return known
    return lookups.EMPLOYMENT_TYPES["full time"]


def _company_size(value: Any) -> str:
    """The size for a head count; an unreadable count leaves the size unknown."""
    try:
        employees = int(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError, OverflowError):
        return ""
    return lookups.company_size(employees) if employees > 0 else ""


def _skills(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else _list(value)
    names = [item.strip() for item in items if isinstance(item, str) and item.strip()]
    return list(dict.fromkeys(names))


def _website(value: Any) -> str:
    for item in _list(value):
        if isinstance(item, str) and _WEB_ADDRESS.match(item) and len(item) <= WEBSITE_MAX:
            return item
    return ""


def _apply_url(value: Any) -> str:
    url = _text(value, "url", None)
    if not url:
        return ""
    if not _WEB_ADDRESS.match(url):
        raise Rejected(f"url {shown(url)} is not a web address")
    if len(url) > APPLY_URL_MAX:
        raise Rejected(f"url is longer than {APPLY_URL_MAX} characters")
    return url


def _external_id(record: FeedRecord, content_hash: str) -> str:
    """The feed's id for the posting, else its URL, else a digest of its content.

    A digest keeps re-reading a feed without ids idempotent: the same record is found again.
    """
    return _identity(record) or f"content:{content_hash[:40]}"


def named_id(record: FeedRecord) -> str:
    """The external id a record names, as its posting is stored under; empty when it names
    none that can be read. A rejected record still says its source lists that posting."""
    try:
        return _identity(record)
    except Rejected:
        return ""


def _identity(record: FeedRecord) -> str:
    identity = _text(record.external_id, "identifier", None) or _text(record.url, "url", None)
    if len(identity) > EXTERNAL_ID_MAX:
        return f"sha256:{hashlib.sha256(identity.encode()).hexdigest()}"
    return identity


# Everything the feed said about a posting, apart from where in the feed it was.
_CONTENT = [
    f.name
    for f in fields(Posting)
    if f.name not in ("number", "external_id", "company_key", "dedupe_key", "content_hash")
]


def _digest(posting: Posting) -> str:
    text = "\x1f".join([str(getattr(posting, name)) for name in _CONTENT])
    return hashlib.sha256(text.encode()).hexdigest()
