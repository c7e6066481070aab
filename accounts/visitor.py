"""Where a visitor is, as far as the portal can tell: a country, and the currency it pays in.

Pages that open on a figure (the salary tables, the home page's headline salary, the job
board's salary filter) start from the visitor's country rather than one fixed for everyone.
"""

from __future__ import annotations

from babel.core import get_global
from babel.numbers import get_territory_currencies
from django.http import HttpRequest

from core.countries import country_codes
from jobs.ingestion.lookups import place_from_text

# Accept-Language ranges read at most: browsers send a handful.
MAX_LANGUAGES = 10


def visitor_country(request: HttpRequest) -> str | None:
    """The ISO code of the visitor's country: their profile's location, else their browser's
    languages (``en-GB`` names GB; a bare ``de`` its likeliest country, DE); None if neither
    names one."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.location:
        country = place_from_text(user.location).country
        if country:
            return country
    return accept_language_country(request.headers.get("Accept-Language", ""))


def accept_language_country(header: str) -> str | None:
    """The country of the most preferred language range in an Accept-Language header."""
    likely = get_global("likely_subtags")
    for tag in _ranges_by_preference(header):
        parts = tag.replace("_", "-").split("-")
        region = next((part.upper() for part in parts[1:] if len(part) == 2), None)
        if region is None:
            # "de" -> "de_Latn_DE": the country where the language is likeliest.
            region = likely.get(parts[0].lower(), "").rpartition("_")[2] or None
        if region in country_codes():
            return region
    return None


def country_currency(country: str | None) -> str | None:
    """The currency ``country`` pays in today (ISO 4217), or None for no or an unknown country."""
    if not country:
        return None
    currencies = get_territory_currencies(country, tender=True)
    return currencies[0] if currencies else None


def _ranges_by_preference(header: str) -> list[str]:
    weighted = []
    for position, item in enumerate(header.split(",")[:MAX_LANGUAGES]):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]
