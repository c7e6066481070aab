"""Country codes and names, read from django-countries once per language.

django-countries translates (and for some countries picks among former names) on every
lookup: a name costs tens of microseconds, a sorted list of all of them milliseconds. The
names only change with the language, so each language's are read once.
"""

import re
from collections.abc import Iterator
from functools import cache

from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django_countries import countries


@cache
def country_codes() -> frozenset[str]:
    return frozenset(code for code, _ in countries)


def country_choices() -> tuple[tuple[str, str], ...]:
    """Return (code, name) for every country, sorted by its name in the active language."""
    return _country_choices(translation.get_language())


class CountryChoices(BaseChoiceIterator):
    """``country_choices()`` as a form field's choices, read when the field is rendered.

    A field takes a choice iterator as it is; choices from a callable it copies into a new
    list, checking each name, on every pass over them.
    """

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(country_choices())


def country_name(code: str) -> str:
    """The country's name in the active language; empty for no country or an unknown code."""
    return _country_names(translation.get_language()).get(code, "")


@cache
def _country_choices(language: str | None) -> tuple[tuple[str, str], ...]:
    with translation.override(language):
        return tuple((code, name) for code, name in countries)


@cache
def _country_names(language: str | None) -> dict[str, str]:
    return dict(_country_choices(language))


# Country names that English speaks of with "the": "the Netherlands", "the Cayman Islands".
_NAMES_WITH_THE = re.compile(r"^United |\b(Republic|Islands|Kingdom|Federation)\b|\(The\)$")
_PLURAL_NAMES_WITH_THE = frozenset(
    {"Comoros", "Maldives", "Netherlands", "Philippines", "Seychelles"}
)


def country_in_sentence(code: str) -> str:
    """The country's name as the middle of a sentence uses it: 'the United Kingdom', 'Germany'."""
    name = country_name(code)
    if _NAMES_WITH_THE.search(name) or name in _PLURAL_NAMES_WITH_THE:
        return "the " + name.removesuffix(" (The)")
    return name
