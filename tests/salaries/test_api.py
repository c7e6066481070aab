"""GET /api/v1/salaries/benchmarks/: one cell, breakdowns, 400 for bad input, 404 with a reason."""

import pytest
from rest_framework.test import APIClient

from core.taxonomy import Level
from salaries.services import benchmarks_refresh

from .factories import salaried

pytestmark = pytest.mark.django_db

URL = "/api/v1/salaries/benchmarks/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def market(db):
    """Six mid-level GBP postings, four senior ones, five technical; two EUR postings in DE."""
    for pounds in (50_000, 52_000, 54_000, 56_000, 58_000, 60_000):
        salaried(pounds * 100, level=Level.MID)
    for pounds in (70_000, 72_000, 74_000, 76_000):
        salaried(pounds * 100, level=Level.SENIOR, technical=True)
    salaried(80_000_00, level=Level.MID, technical=True)
    salaried(70_000_00, currency="EUR", country="DE")
    salaried(72_000_00, currency="EUR", country="DE")
    return benchmarks_refresh()


def test_all_omitted_dimensions_are_all(api, market):
    """No parameters: the 'all' cell of the busiest currency, with every field."""
    response = api.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "level": None,
        "country": None,
        "industry": None,
        "company_size": None,
        "technical": None,
        "currency": "GBP",
        "n": 11,
        "published": True,
        "mean": 63_818,
        "p10": 52_000,
        "p25": 55_000,
        "p50": 60_000,
        "p75": 73_000,
        "p90": 76_000,
        "refreshed_at": body["refreshed_at"],
    }
    assert body["refreshed_at"].startswith(market.refreshed_at.date().isoformat())


def test_single_cell_by_dimensions(api, market):
    """Given dimensions pick the cell; technical=false and a lower-case country work."""
    body = api.get(URL, {"level": "mid", "technical": "false", "country": "gb"}).json()
    assert (body["level"], body["technical"], body["country"], body["n"]) == ("mid", False, "GB", 6)
    assert body["p50"] == 55_000


def test_thin_cell_answers_404_with_its_reason(api, market):
    """Four senior postings: the cell exists but is not published."""
    response = api.get(URL, {"level": "senior", "currency": "GBP"})
    assert response.status_code == 404
    assert response.json()["reason"] == "thin"
    assert response.json()["n"] == 4
    assert "at least 5" in response.json()["detail"]


def test_missing_cell_answers_404(api, market):
    """A combination no posting has: reason missing, n 0."""
    response = api.get(URL, {"level": "vp", "currency": "GBP"})
    assert response.status_code == 404
    assert (response.json()["reason"], response.json()["n"]) == ("missing", 0)


def test_no_refresh_yet_answers_404(api, db):
    response = api.get(URL)
    assert response.status_code == 404
    assert response.json()["reason"] == "not_refreshed"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "wizard"}, "level"),
        ({"country": "XX"}, "country"),
        ({"industry": "mining"}, "industry"),
        ({"company_size": "huge"}, "company_size"),
        ({"technical": "maybe"}, "technical"),
        ({"currency": "ABC"}, "currency"),
        ({"group_by": "salary"}, "group_by"),
        ({"levle": "mid"}, "levle"),
    ],
)
def test_unknown_values_answer_400_with_field_errors(api, market, params, field):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_group_by_lists_each_value_with_thin_ones_unpublished(api, market):
    """group_by=level: mid published, senior listed with null figures, in ladder order."""
    body = api.get(URL, {"group_by": "level", "currency": "GBP"}).json()
    assert body["group_by"] == "level"
    rows = [(row["level"], row["n"], row["published"], row["p50"]) for row in body["results"]]
    assert rows == [("mid", 7, True, 56_000), ("senior", 4, False, None)]


def test_group_by_currency(api, market):
    """The 'all' cell in each currency, busiest first."""
    body = api.get(URL, {"group_by": "currency"}).json()
    assert [(row["currency"], row["n"]) for row in body["results"]] == [("GBP", 11), ("EUR", 2)]


def test_currency_defaults_to_the_busiest_for_the_dimensions(api, market):
    """country=DE has only EUR postings: the EUR cell (thin, so 404 says EUR)."""
    response = api.get(URL, {"country": "DE"})
    assert response.status_code == 404
    assert "EUR" in response.json()["detail"]


def test_constant_queries(api, market, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert api.get(URL, {"group_by": "industry"}).status_code == 200
