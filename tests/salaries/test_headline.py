"""The headline salary cell: one country's all-levels median, with its fallbacks."""

import pytest

from salaries.models import BenchmarkCell
from salaries.selectors import headline_cell
from salaries.services import benchmarks_refresh
from tests.salaries.factories import salaried

pytestmark = pytest.mark.django_db


def postings(count: int, pounds: int, **fields) -> None:
    """``count`` yearly salaries from ``pounds`` up, a thousand apart (minor units)."""
    for step in range(count):
        salaried((pounds + 1_000 * step) * 100, **fields)


def headline(country: str | None, currency: str | None) -> BenchmarkCell:
    cell = headline_cell(country=country, currency=currency)
    assert cell is not None
    return cell


@pytest.fixture
def market():
    """Five GB postings in GBP (median 52,000), six US in USD, three GB in USD, none in DE."""
    postings(5, 50_000)
    postings(6, 120_000, country="US", currency="USD")
    postings(3, 90_000, currency="USD")
    benchmarks_refresh()


def test_the_visitors_country_in_its_currency_comes_first(market):
    """GB in GBP is chosen over the busier US."""
    cell = headline("GB", "GBP")
    assert (cell.country, cell.currency, cell.n, cell.p50) == ("GB", "GBP", 5, 52_000)


def test_a_thin_cell_gives_way_to_the_country_in_another_currency(market):
    """GB in USD has three postings, too few to publish: GB in GBP answers."""
    cell = headline("GB", "USD")
    assert (cell.country, cell.currency) == ("GB", "GBP")


def test_a_country_without_figures_falls_back_to_the_busiest_country(market):
    """Germany has no postings: the country with the most, the US, answers."""
    cell = headline("DE", "EUR")
    assert (cell.country, cell.currency, cell.n) == ("US", "USD", 6)


def test_an_unknown_country_falls_back_to_the_busiest_country(market):
    cell = headline(None, None)
    assert (cell.country, cell.currency) == ("US", "USD")


def test_without_any_country_cell_the_busiest_currencys_overall_cell_answers():
    """Five postings in five countries publish no country's cell, but an all-countries one."""
    for country in ("GB", "IE", "FR", "DE", "ES"):
        postings(1, 40_000, country=country)
    benchmarks_refresh()
    cell = headline("GB", "GBP")
    assert (cell.key.country, cell.currency, cell.n) == (None, "GBP", 5)


def test_nothing_published_gives_no_cell():
    """Before any refresh (or with too few postings) there is no headline."""
    postings(4, 50_000)
    benchmarks_refresh()
    assert headline_cell(country="GB", currency="GBP") is None


def test_the_cell_is_read_in_one_query(market, django_assert_num_queries):
    with django_assert_num_queries(1):
        headline_cell(country="FR", currency="EUR")
