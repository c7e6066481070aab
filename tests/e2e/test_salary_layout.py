"""The salary pages on a 1366 px laptop and a 390 px phone: whole tables, readable charts."""

import pytest

from core.taxonomy import Industry, Level
from salaries.services import benchmarks_refresh
from tests.salaries.factories import salaried

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
# For each shown range chart: its rendered width, and its text size in CSS pixels.
CHARTS_JS = """
() => [...document.querySelectorAll("svg.range-chart")]
  .filter((svg) => svg.getClientRects().length)
  .map((svg) => {
    const width = svg.getBoundingClientRect().width;
    const scale = width / svg.viewBox.baseVal.width;
    return [width, parseFloat(svg.getAttribute("font-size")) * scale];
  })
"""
# For each table region: how much wider its table is than the region shows.
TABLES_JS = """
() => [...document.querySelectorAll(".table-scroll")]
  .map((region) => region.scrollWidth - region.clientWidth)
"""


@pytest.fixture
def market(db):
    """GBP postings across levels and industries in the United Kingdom, and a posting to show."""
    industries = [Industry.SOFTWARE, Industry.HEALTHCARE, Industry.BFSI]
    for index in range(18):
        salaried(
            (45_000 + index * 2_500) * 100,
            level=[Level.MID, Level.SENIOR][index % 2],
            industry=industries[index % 3],
        )
    posting = salaried(6_000_000, 8_000_000, level=Level.MID)
    benchmarks_refresh()
    return posting


def test_benchmark_tables_fit_a_laptop_and_charts_read_at_twelve_pixels(
    open_page, console_errors, market
):
    """Charts are styled from salaries.css and svg attributes: the CSP blocks nothing."""
    tab = open_page("/salaries/", LAPTOP)
    tab.wait_for_load_state("networkidle")
    assert not [text for text in console_errors if "Content Security Policy" in text]
    assert max(tab.evaluate(TABLES_JS)) <= 0
    assert tab.locator(".stats-table thead th:visible").count() == 9 * 5
    charts = tab.evaluate(CHARTS_JS)
    assert len(charts) == 5
    assert all(width >= 560 and text >= 12 for width, text in charts), charts


def test_benchmarks_on_a_phone_scroll_tables_in_place_and_keep_chart_text_readable(
    open_page, market
):
    tab = open_page("/salaries/", PHONE)
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert min(tab.evaluate(TABLES_JS)) > 0
    assert tab.locator(".scroll-hint:visible").count() == 5
    charts = tab.evaluate(CHARTS_JS)
    assert len(charts) == 5
    assert all(text >= 12 for _, text in charts), charts


@pytest.mark.parametrize(("viewport", "min_width"), [(LAPTOP, 560), (PHONE, 280)])
def test_posting_page_chart_fills_its_column(
    open_page, console_errors, market, viewport, min_width
):
    """The comparison loads after the page (htmx) below the description, wide enough to read."""
    tab = open_page(market.get_absolute_url(), viewport)
    tab.wait_for_selector("figure.chart svg", state="attached")
    # The fragment holds both layouts; salaries.css hides the one that does not fit.
    tab.wait_for_function(f"({CHARTS_JS})().length === 1")
    assert not [text for text in console_errors if "Content Security Policy" in text]
    charts = tab.evaluate(CHARTS_JS)
    assert len(charts) == 1
    width, text = charts[0]
    assert width >= min_width and text >= 12, charts
