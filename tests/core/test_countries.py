"""Country names and choices read once per language."""

import pytest
from django.utils import translation
from django_countries import countries
from django_countries.fields import Country

from core.countries import (
    CountryChoices,
    country_choices,
    country_codes,
    country_in_sentence,
    country_name,
)


def test_country_name_is_django_countries_name():
    """Every code names its country as django-countries does."""
    assert [country_name(code) for code in country_codes()] == [
        Country(code).name for code in country_codes()
    ]


def test_country_name_is_empty_without_a_known_code():
    """No country, or a code that names none, has an empty name."""
    assert (country_name(""), country_name("ZZ")) == ("", "")


def test_country_names_are_those_of_the_active_language():
    """Names and choices asked for in another language are django-countries' in that language."""
    country_name("DE")
    with translation.override("de"):
        assert country_name("DE") == Country("DE").name
        assert country_choices() == tuple((code, name) for code, name in countries)


def test_country_choices_are_read_in_the_language_active_when_iterated():
    """One CountryChoices serves every language: it names countries as it is read."""
    choices = CountryChoices()

    assert list(choices) == list(country_choices())
    with translation.override("de"):
        assert list(choices) == list(country_choices())
        assert dict(choices)["DE"] == Country("DE").name


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("GB", "the United Kingdom"),
        ("US", "the United States of America"),
        ("NL", "the Netherlands"),
        ("BS", "the Bahamas"),
        ("KY", "the Cayman Islands"),
        ("DE", "Germany"),
        ("IM", "Isle of Man"),
        ("ZZ", ""),
    ],
)
def test_countries_in_a_sentence_take_the_where_english_does(code, phrase):
    assert country_in_sentence(code) == phrase
