"""The vocabularies feeds speak, mapped onto the job board's: countries, currencies, salary
units, contract terms, industries and company sizes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry
from django.utils import translation
from django_countries import countries

from core.taxonomy import CompanySize, Industry, RemotePolicy, SalaryPeriod
from jobs import domain
from jobs.taxonomy import EmploymentType

# Feeds repeat the same company names, places and terms on many records: each is read once.
LOOKUP_CACHE_SIZE = 50_000

normalize = lru_cache(maxsize=LOOKUP_CACHE_SIZE)(domain.normalize)
level_for = lru_cache(maxsize=LOOKUP_CACHE_SIZE)(domain.level_for)
technical_for = lru_cache(maxsize=LOOKUP_CACHE_SIZE)(domain.technical_for)

# Names feeds use for countries that neither ISO nor its common names spell that way.
COUNTRY_ALIASES = {
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "u s": "US",
    "u s a": "US",
    "united states": "US",
    "america": "US",
    "uae": "AE",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "vietnam": "VN",
    "turkey": "TR",
    "czech republic": "CZ",
    "the netherlands": "NL",
    "holland": "NL",
}

# Units of schema.org's unitText, Lever's intervals and the CSV column, per salary period.
SALARY_UNITS = {
    "hour": SalaryPeriod.HOUR,
    "hourly": SalaryPeriod.HOUR,
    "per-hour-wage": SalaryPeriod.HOUR,
    "day": SalaryPeriod.DAY,
    "daily": SalaryPeriod.DAY,
    "per-day-wage": SalaryPeriod.DAY,
    "week": SalaryPeriod.WEEK,
    "weekly": SalaryPeriod.WEEK,
    "per-week-salary": SalaryPeriod.WEEK,
    "month": SalaryPeriod.MONTH,
    "monthly": SalaryPeriod.MONTH,
    "per-month-salary": SalaryPeriod.MONTH,
    "year": SalaryPeriod.YEAR,
    "yearly": SalaryPeriod.YEAR,
    "annual": SalaryPeriod.YEAR,
    "annually": SalaryPeriod.YEAR,
    "per-year-salary": SalaryPeriod.YEAR,
}

# schema.org employmentType values, Lever commitments and the CSV column.
EMPLOYMENT_TYPES = {
    "full time": EmploymentType.FULL_TIME,
    "fulltime": EmploymentType.FULL_TIME,
    "permanent": EmploymentType.FULL_TIME,
    "part time": EmploymentType.PART_TIME,
    "parttime": EmploymentType.PART_TIME,
    "contract": EmploymentType.CONTRACT,
    "contractor": EmploymentType.CONTRACT,
    "freelance": EmploymentType.CONTRACT,
    "temporary": EmploymentType.TEMPORARY,
    "temp": EmploymentType.TEMPORARY,
    "per diem": EmploymentType.TEMPORARY,
    "seasonal": EmploymentType.TEMPORARY,
    "intern": EmploymentType.INTERNSHIP,
    "internship": EmploymentType.INTERNSHIP,
}

# How a role is worked: schema.org's TELECOMMUTE, Lever's workplaceType and the CSV column.
REMOTE_POLICIES = {
    "onsite": RemotePolicy.ONSITE,
    "on site": RemotePolicy.ONSITE,
    "office": RemotePolicy.ONSITE,
    "in office": RemotePolicy.ONSITE,
    "hybrid": RemotePolicy.HYBRID,
    "remote": RemotePolicy.REMOTE,
    "telecommute": RemotePolicy.REMOTE,
}

# Words in a feed's industry text, checked in order; the first that matches decides.
_INDUSTRY_WORDS = [
    (Industry.TELECOM, r"telecom|telco|wireless|mobile network|broadband"),
    (Industry.BFSI, r"bank|financ|fintech|insur|payment|invest|capital market|lending|bfsi"),
    (Industry.HEALTHCARE, r"health|medic|pharma|biotech|hospital|clinic|life science"),
    (Industry.EDUCATION, r"educat|edtech|learning|school|universit|academ"),
    (Industry.ENERGY, r"energy|utilit|oil|gas|renewable|solar|power"),
    (Industry.MEDIA, r"media|entertain|gaming|games|music|publish|stream|broadcast|news"),
    (Industry.RETAIL, r"retail|e ?commerce|consumer|fmcg|cpg|fashion|grocery|marketplace"),
    (Industry.MANUFACTURING, r"manufactur|industrial|automotive|aerospace|hardware|factory"),
    (Industry.SOFTWARE, r"software|saas|internet|information technology|\bit\b|tech|cloud|data"),
]
_INDUSTRY_PATTERNS = [(industry, re.compile(words)) for industry, words in _INDUSTRY_WORDS]

# Upper bound of employees per company size, smallest first (DOMAIN.md's refinement).
COMPANY_SIZES = [
    (50, CompanySize.STARTUP),
    (1000, CompanySize.SMALL_MID),
    (10_000, CompanySize.LARGE),
]


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def country_code(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country given by code or English name, or None."""
    return _country_table().get(normalize(value))


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def currency_code(value: str) -> str | None:
    code = value.strip().upper()
    return code if code in _currencies() else None


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def salary_period(unit: str) -> str | None:
    return SALARY_UNITS.get(unit.strip().lower().replace("_", "-"))


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def employment_type(value: str) -> str | None:
    return EMPLOYMENT_TYPES.get(normalize(value.replace("_", " ").replace("-", " ")))


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def remote_policy(value: str) -> str | None:
    return REMOTE_POLICIES.get(normalize(value.replace("_", " ").replace("-", " ")))


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def industry(text: str) -> str:
    """The portal's industry for a feed's industry text; ``other`` when nothing matches."""
    words = normalize(text)
    for choice, pattern in _INDUSTRY_PATTERNS:
        if pattern.search(words):
            return choice
    return Industry.OTHER


def company_size(employees: int) -> str:
    for ceiling, size in COMPANY_SIZES:
        if employees <= ceiling:
            return size
    return CompanySize.ENTERPRISE


@cache
def _country_table() -> dict[str, str]:
    """Every spelling looked up, normalized, to its alpha-2 code."""
    table: dict[str, str] = {}
    for entry in pycountry.countries:
        for name in ("name", "official_name", "common_name"):
            if hasattr(entry, name):
                table[normalize(getattr(entry, name))] = entry.alpha_2
    # django-countries' English names are the ones the portal shows.
    with translation.override("en"):
        for code, name in countries:
            table[normalize(name)] = code
            table[countries.alpha3(code).lower()] = code
            table[code.lower()] = code
    table.update(COUNTRY_ALIASES)
    return table


@cache
def _currencies() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


# Two-letter codes that follow a city in North American place names ("Austin, TX").
US_STATES = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
})  # fmt: skip
CANADIAN_PROVINCES = frozenset({
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
})  # fmt: skip
_PLACE_SEPARATORS = re.compile(r"\s*[,;|/()]\s*|\s+[-–—]\s+")
_WORK_MODES = {"remote": RemotePolicy.REMOTE, "hybrid": RemotePolicy.HYBRID}


@dataclass(frozen=True, slots=True)
class Place:
    city: str = ""
    region: str = ""
    country: str = ""
    # The part of the text that should have named the country, when none was recognized.
    unknown_country: str = ""
    remote: str | None = None


def place_from_text(text: str) -> Place:
    """Read a free-text location such as 'London, UK', 'Austin, TX' or 'Remote - Germany'."""
    remote = next((mode for word, mode in _WORK_MODES.items() if word in text.lower()), None)
    parts = [
        part
        for part in _PLACE_SEPARATORS.split(text.strip())
        if part and part.lower() not in _WORK_MODES
    ]
    if not parts:
        return Place(remote=remote)
    *before, last = parts
    if before and last in US_STATES:
        return Place(city=before[0], region=last, country="US", remote=remote)
    if before and last in CANADIAN_PROVINCES:
        return Place(city=before[0], region=last, country="CA", remote=remote)
    code = country_code(last)
    if code is None:
        return Place(city=parts[0], unknown_country=last, remote=remote)
    region = before[1] if len(before) > 1 else ""
    return Place(city=before[0] if before else "", region=region, country=code, remote=remote)
