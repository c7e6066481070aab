"""The currency the salary pages open in: asked for, the chosen country's, the visitor's, or
the busiest; said in words, and never shared between visitors through a cache."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from core.taxonomy import Level
from salaries.currencies import Available, Because, page_currency
from salaries.services import benchmarks_refresh
from tests.accounts.factories import UserFactory

from .factories import salaried
from .rate_data import HOURLY_DISCOVERY, accepted

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(db):
    """Six GBP postings in the United Kingdom, eight EUR ones in Germany (the busiest), two
    INR ones in India (too few to show)."""
    for pounds in (50_000, 52_000, 54_000, 56_000, 58_000, 60_000):
        salaried(pounds * 100, level=Level.MID, country="GB")
    for euros in range(60_000, 76_000, 2_000):
        salaried(euros * 100, currency="EUR", level=Level.MID, country="DE")
    for rupees in (2_000_000, 2_400_000):
        salaried(rupees * 100, currency="INR", level=Level.MID, country="IN")
    return benchmarks_refresh()


def _page(client, path="/salaries/", languages="", **query):
    response = client.get(path, query, headers={"Accept-Language": languages})
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    return response, text


def test_without_a_country_the_page_opens_in_the_busiest_currency(client, market):
    response, text = _page(client)
    assert response.context["key"].currency == "EUR"
    assert "Postings paid in EUR, the most common here." in text


def test_the_browser_language_picks_the_visitors_currency(client, market):
    """en-GB names the United Kingdom: GBP, said with its reason, the others one click away."""
    response, text = _page(client, languages="en-GB,en;q=0.8")
    assert response.context["key"].currency == "GBP"
    assert response.context["headline"].p50 == 55_000
    assert "Postings paid in GBP, the currency of the United Kingdom, where you seem to be." in text
    assert 'href="?currency=EUR"' in text
    assert "?currency=INR" not in text  # INR has no figures to show


def test_breakdown_links_keep_the_currency_shown(client, market):
    """A row's link names the currency it was shown in, so whoever follows it (here a
    browser set to German) lands on the same figures."""
    response, _ = _page(client, languages="en-GB")
    mid = next(row for row in response.context["breakdowns"][0].rows if row.value == Level.MID)
    assert "currency=GBP" in mid.query
    followed = client.get(f"/salaries/?{mid.query}", headers={"Accept-Language": "de-DE"})
    assert followed.context["key"].currency == "GBP"
    assert followed.context["headline"].p50 == mid.p50


def test_a_signed_in_visitors_location_outranks_the_browser(client, market):
    client.force_login(UserFactory.create(location="Leeds, United Kingdom"))
    response, _ = _page(client, languages="de-DE")
    assert response.context["key"].currency == "GBP"


@pytest.mark.parametrize(("languages", "wanted"), [("ja-JP", "JPY"), ("hi-IN", "INR")])
def test_a_currency_without_figures_falls_back_to_the_busiest_and_says_so(
    client, market, languages, wanted
):
    """No JPY posting at all, two INR ones: both open in EUR, naming what they wanted."""
    response, text = _page(client, languages=languages)
    assert response.context["key"].currency == "EUR"
    assert f"Postings paid in EUR, the most common here; {wanted} has too few to show yet." in text


def test_the_chosen_country_outranks_the_visitor(client, market):
    response, text = _page(client, languages="de-DE", country="GB")
    assert response.context["key"].currency == "GBP"
    assert "Postings paid in GBP, the currency of the United Kingdom." in text
    assert "where you seem to be" not in text


def test_a_chosen_currency_outranks_everything(client, market):
    response, text = _page(client, languages="en-GB", country="GB", currency="EUR")
    assert response.context["key"].currency == "EUR"
    assert "Postings paid in EUR." in text


def test_an_unknown_currency_is_a_form_error(client, market):
    response = client.get("/salaries/", {"currency": "XYZ"}, headers={"Accept-Language": "en-GB"})
    assert response.status_code == 400
    assert "currency" in response.context["form"].errors


@pytest.mark.parametrize(
    "path", ["/salaries/", "/salaries/calculator/", "/salaries/freelance/", "/salaries/?level=mid"]
)
def test_pages_that_depend_on_the_visitor_vary_on_language_and_cookie(client, market, path):
    """A shared cache must not hand one visitor's currency to another."""
    vary = client.get(path)["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_calculator_preselects_the_visitors_currency(client, market):
    response, text = _page(client, "/salaries/calculator/", languages="en-GB")
    assert response.context["form"].initial["currency"] == "GBP"
    assert '<option value="GBP" selected>' in text
    assert "Currency of the offer set in GBP, the currency of the United Kingdom" in text


def test_calculator_without_a_visitor_country_preselects_the_busiest(client, market):
    response, _ = _page(client, "/salaries/calculator/", languages="*")
    assert response.context["form"].initial["currency"] == "EUR"


@pytest.fixture
def rates_in_two_currencies(rates):
    """The GBP rates of the ``rates`` fixture, and EUR brought to five hires: published."""
    for euros in (80, 85, 90):
        accepted(euros * 100, currency="EUR", **HOURLY_DISCOVERY)
    return benchmarks_refresh()


def test_freelance_rates_open_in_the_visitors_currency(client, rates_in_two_currencies):
    response, text = _page(client, "/salaries/freelance/", languages="de-DE")
    assert response.context["key"].currency == "EUR"
    assert "Hires paid in EUR, the currency of Germany, where you seem to be, per hour." in text
    response, _ = _page(client, "/salaries/freelance/", languages="en-GB")
    assert response.context["key"].currency == "GBP"


def test_freelance_rates_with_too_few_in_the_visitors_currency_open_in_the_busiest(client, rates):
    """Two EUR hires cannot be shown: a German visitor sees GBP, and why."""
    response, text = _page(client, "/salaries/freelance/", languages="de-DE")
    assert response.context["key"].currency == "GBP"
    assert "EUR has too few to show yet" in text


def _request(languages=""):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=languages)
    request.user = AnonymousUser()
    return request


def test_rule_without_any_figures_falls_back_to_the_busiest_cell_then_to_none():
    """A position whose cells are all thin still opens in its busiest currency; one with no
    cell opens in none, unless a currency was asked for."""
    thin = Available.from_counts([("USD", 3), ("GBP", 2)])
    shown = page_currency(_request("en-GB"), asked=None, country=None, available=thin)
    assert shown is not None and (shown.code, shown.because) == ("USD", Because.BUSIEST)
    assert shown.wanted == "GBP"
    assert page_currency(_request(), asked=None, country=None, available=Available()) is None
    asked = page_currency(_request(), asked="JPY", country=None, available=Available())
    assert asked is not None and asked.because is Because.ASKED
