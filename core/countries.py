"""Country codes and names, read from django-countries once per language.

django-countries translates (and for some countries picks among former names) on every
lookup: a name costs tens of microseconds, a sorted list of all of them milliseconds. The
names only change with the language, so each language's are read once.
"""

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
