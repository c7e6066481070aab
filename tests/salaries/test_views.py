"""Salary pages: benchmark table and charts, currency switch, calculator, posting comparison."""

import re
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from core.taxonomy import Level
from salaries.services import benchmarks_refresh

from .factories import FxRateFactory, ReferenceFigureFactory, salaried

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(db):
    """Six mid-level GBP postings (GBP 50k-60k), three senior ones: a thin senior cell."""
    for pounds in (50_000, 52_000, 54_000, 56_000, 58_000, 60_000):
        salaried(pounds * 100, level=Level.MID)
    for pounds in (70_000, 72_000, 74_000):
        salaried(pounds * 100, level=Level.SENIOR)
    return benchmarks_refresh()


def test_benchmarks_page_shows_cells_with_size_and_freshness(client, market):
    """The chosen cell's figures, a chart and table per dimension, n and time on every row."""
    response = client.get("/salaries/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "GBP 58,000" in html  # median of the nine postings
    # Each chart comes laid out for a wide column and for a phone.
    assert html.count('class="range-chart range-chart-wide"') == 5
    assert html.count('class="range-chart range-chart-narrow"') == 5
    assert 'role="img"' in html and "<desc" in html
    level_rows = response.context["breakdowns"][0].rows
    assert [(row.label, row.n, row.published) for row in level_rows] == [
        ("Product manager", 6, True),
        ("Senior", 3, False),
    ]
    assert "Fewer than 5 postings: not published" in html
    rows = sum(len(section.rows) for section in response.context["breakdowns"])
    assert html.count(market.refreshed_at.strftime("%-d %b, %H:%M")) == rows == 6


def test_benchmarks_page_filters_to_a_cell(client, market):
    response = client.get("/salaries/", {"level": "mid"})
    assert response.context["cell"].n == 6
    assert response.context["headline"].p50 == 55_000


def test_thin_filter_explains_suppression(client, market):
    response = client.get("/salaries/", {"level": "senior"})
    assert response.status_code == 200
    assert "Only 3 postings match" in response.content.decode()
    assert response.context["headline"].p50 is None


def test_bad_filter_answers_400_with_the_form_error(client, market):
    response = client.get("/salaries/", {"level": "wizard"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_page_before_any_refresh(client, db):
    response = client.get("/salaries/")
    assert response.status_code == 200
    assert "have not been computed yet" in response.content.decode()


def test_currency_switch_converts_and_labels(client, market):
    """display=EUR converts with the newest staff rate and says which rate, from where."""
    FxRateFactory.create(base="GBP", quote="EUR", rate="1.10", as_of=date(2026, 1, 1))
    FxRateFactory.create(
        base="GBP", quote="EUR", rate="1.20", as_of=date(2026, 6, 1), source="Demo"
    )
    response = client.get("/salaries/", {"display": "EUR"})
    html = response.content.decode()
    assert response.context["headline"].p50 == 69_600  # 58,000 x 1.20
    assert "Converted figures" in html
    assert "1 GBP = 1.2 EUR (2026-06-01)" in html
    assert "Demo" in html


def test_currency_switch_through_a_shared_currency(client, market):
    """GBP->JPY with only USD rates: converted through USD, both rates named."""
    FxRateFactory.create(base="USD", quote="GBP", rate="0.80")
    FxRateFactory.create(base="USD", quote="JPY", rate="150")
    response = client.get("/salaries/", {"display": "JPY"})
    assert response.context["headline"].p50 == 10_875_000  # 58,000 / 0.8 x 150
    assert len(response.context["conversion"].rates) == 2


def test_reference_figures_sit_beside_never_inside(client, market):
    ReferenceFigureFactory.create(country="GB", average=5_291_300, source="Indeed")
    ReferenceFigureFactory.create(title="Other country", country="IN", currency="INR", source="X")
    response = client.get("/salaries/", {"country": "GB"})
    html = response.content.decode()
    assert "GBP 52,913" in html and "Indeed, 2024" in html
    assert "Other country" not in html
    assert response.context["cell"].n == 9


def test_page_queries_stay_constant(client, market, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        client.get("/salaries/", {"level": "mid", "display": "EUR"})


def test_calculator_places_an_offer(client, market):
    response = client.get(
        "/salaries/calculator/",
        {"level": "mid", "currency": "GBP", "offer": "57000", "period": "year"},
    )
    assert response.status_code == 200
    assert response.context["low_position"].text == "about the 70th percentile"
    assert response.context["fallback"].is_exact


def test_calculator_falls_back_to_a_broader_cell_and_says_so(client, market):
    """Senior has three postings: compared with all levels, and the page says why."""
    response = client.get(
        "/salaries/calculator/",
        {"level": "senior", "currency": "GBP", "offer": "6000", "period": "month"},
    )
    html = response.content.decode()
    assert response.context["offer"] == 72_000
    assert response.context["fallback"].dropped == ["level"]
    assert "Compared with <strong>All postings</strong> (9 postings in GBP)" in html
    assert "only 3 postings match Senior" in html
    # 72,000 lies between all levels' 75th (70,000) and 90th (72,400) percentiles.
    assert response.context["low_position"].text == "about the 88th percentile"


def test_calculator_reads_an_offer_without_a_period_as_yearly(client, market):
    """A link that names no period compares a yearly offer, and the form shows "per year"."""
    response = client.get(
        "/salaries/calculator/", {"level": "mid", "currency": "GBP", "offer": "57000"}
    )
    assert response.status_code == 200
    assert response.context["offer"] == 57_000
    options = re.findall(
        r'<option value="(\w+)"', response.content.decode().split('name="period"')[1]
    )
    assert options[0] == "year"


def test_calculator_rejects_a_bad_offer(client, market):
    response = client.get("/salaries/calculator/", {"currency": "GBP", "offer": "-5"})
    assert response.status_code == 400


def test_posting_position_fragment(client, market):
    posting = salaried(5_400_000, 5_800_000, level=Level.MID)
    benchmarks_refresh()
    url = f"/salaries/postings/{posting.slug}/position/"
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "How this salary compares" in html
    assert (response.context["low"], response.context["high"]) == (54_000, 58_000)
    assert "percentile" in html


@pytest.mark.parametrize(
    ("low", "high", "sentence"),
    [
        (40_000, 45_000, "GBP 40,000 - 45,000 a year is below the 10th percentile"),
        (70_000, 80_000, "GBP 70,000 - 80,000 a year is above the 90th percentile"),
        (55_000, 55_000, "GBP 55,000 a year is about the median"),
        (
            55_000,
            90_000,
            "GBP 55,000 - 90,000 a year runs from about the median to above the 90th percentile",
        ),
        (
            30_000,
            56_000,
            "GBP 30,000 - 56,000 a year runs from below the 10th percentile "
            "to about the 60th percentile",
        ),
    ],
)
def test_posting_position_sentence_names_one_position_once(client, market, low, high, sentence):
    """Both ends at one position read as one ("is below the 10th percentile"), never as
    "from below the 10th percentile to below the 10th percentile"; the 50th is the median."""
    posting = salaried(low * 100, high * 100, level=Level.MID)
    url = f"/salaries/postings/{posting.slug}/position/"
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert f"{sentence} of comparable postings." in text


def test_posting_position_without_javascript_opens_the_calculator(client, market):
    posting = salaried(5_400_000, 5_800_000, level=Level.MID)
    response = client.get(f"/salaries/postings/{posting.slug}/position/")
    assert response.status_code == 302
    query = parse_qs(urlparse(response["Location"]).query)
    assert query["offer"] == ["56000"] and query["level"] == ["mid"]
    assert query["currency"] == ["GBP"] and query["technical"] == ["false"]


def test_calculator_before_any_refresh_says_so(client, db):
    response = client.get("/salaries/calculator/")
    assert response.status_code == 200
    assert "have not been computed yet" in response.content.decode()


@pytest.mark.parametrize(
    ("offer", "period"),
    [("10000001", "year"), ("999999999999.99", "hour"), ("5000", "hour")],
)
def test_calculator_refuses_an_offer_beyond_any_salary(client, market, offer, period):
    """An offer above the currency's yearly ceiling, once annualized, is a form error."""
    response = client.get(
        "/salaries/calculator/",
        {"level": "mid", "currency": "GBP", "offer": offer, "period": period},
    )
    assert response.status_code == 400
    assert "offer" in response.context["form"].errors


def test_calculator_places_an_offer_at_the_ceiling(client, market):
    """The highest plausible offer is still compared."""
    response = client.get(
        "/salaries/calculator/",
        {"level": "mid", "currency": "GBP", "offer": "10000000", "period": "year"},
    )
    assert response.status_code == 200
    assert response.context["offer"] == 10_000_000
