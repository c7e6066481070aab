"""What the board's "where" box asks for: a city, region or country, and remote or hybrid work.

The text is read as ingestion reads a feed's location (``jobs.ingestion.lookups``) and
becomes conditions on columns the board's indexes hold: country, city (compared
upper-cased, as the search index stores it) and workplace. A region is only compared
beside its country, a US state or Canadian province code, so the region column, which no
index holds, is never searched across the whole board.
"""

from __future__ import annotations

import re

from django.db.models import Q

from jobs.ingestion.lookups import (
    CANADIAN_PROVINCES,
    US_STATES,
    country_code,
    place_from_text,
    remote_policy,
)

_WORKPLACE = re.compile(r"\b(remote|hybrid)\b", re.IGNORECASE)
_REGIONS = {"US": US_STATES, "CA": CANADIAN_PROVINCES}


def where_filter(text: str) -> Q:
    """The postings ``text`` names: "Berlin", "Germany", "DE", "Austin, TX", "CA", "remote".

    A bare code that is a US state or Canadian province finds that state and the country
    with that code, if any: "CA" finds California and Canada. A place that names no known
    country is taken as a city.
    """
    workplace = _WORKPLACE.search(text)
    condition = Q(remote_policy=remote_policy(workplace.group())) if workplace else Q()
    words = _WORKPLACE.sub(" ", text).strip(" ,;|/-–—")
    if not words:
        return condition
    return condition & (_state(words.upper()) or _place(words))


def _state(code: str) -> Q | None:
    home = next((country for country, codes in _REGIONS.items() if code in codes), None)
    if home is None:
        return None
    state = Q(country=home, region__iexact=code)
    country = country_code(code)
    return state | Q(country=country) if country else state


def _place(words: str) -> Q:
    place = place_from_text(words)
    if not place.country:
        return Q(city__iexact=place.city)
    found = Q(country=place.country)
    if place.city:
        found &= Q(city__iexact=place.city)
    if place.region in _REGIONS.get(place.country, ()):
        found &= Q(region__iexact=place.region)
    return found
