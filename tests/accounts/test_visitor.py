"""The visitor's country and currency, from the profile or the browser's languages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from accounts.visitor import accept_language_country, country_currency, visitor_country
from tests.accounts.factories import UserFactory


def _request(user=None, languages=""):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=languages)
    request.user = user or AnonymousUser()
    return request


@pytest.mark.parametrize(
    ("header", "country"),
    [
        ("en-GB,en;q=0.9", "GB"),
        ("fr-CH, fr;q=0.9", "CH"),
        ("de", "DE"),
        ("en;q=0, de-AT", "AT"),
        ("es;q=0.5, pt-BR;q=0.8", "BR"),
        ("zh-Hans-CN", "CN"),
    ],
)
def test_accept_language_names_the_preferred_country(header, country):
    """The highest-weighted range wins; a bare language gives its likeliest country."""
    assert accept_language_country(header) == country


@pytest.mark.parametrize("header", ["", "*", "xx-YY", "en;q=x", "en;q=0", ",,;"])
def test_accept_language_without_a_country_names_none(header):
    """Wildcards, unknown regions, refused and malformed ranges name no country."""
    assert accept_language_country(header) is None


@pytest.mark.parametrize(
    ("country", "currency"),
    [("DE", "EUR"), ("IN", "INR"), ("US", "USD"), ("GB", "GBP"), ("", None), ("ZZ", None)],
)
def test_country_currency(country, currency):
    """A country's tender today; nothing for no country or an unknown one."""
    assert country_currency(country) == currency


@pytest.mark.django_db
def test_profile_location_comes_before_the_browser():
    """A signed-in visitor's stated location outranks their browser's languages."""
    user = UserFactory(location="Bengaluru, India")
    assert visitor_country(_request(user, "en-GB")) == "IN"


@pytest.mark.django_db
def test_unreadable_location_falls_back_to_the_browser():
    """A location that names no country leaves the browser's languages to decide."""
    user = UserFactory(location="Somewhere nice")
    assert visitor_country(_request(user, "en-GB")) == "GB"


def test_anonymous_visitor_uses_the_browser():
    assert visitor_country(_request(languages="de-DE")) == "DE"
    assert visitor_country(_request()) is None
