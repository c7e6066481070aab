"""Reading cells: fallbacks to broader cells, positions between percentiles, FX paths."""

from datetime import date
from decimal import Decimal

import pytest

from core.taxonomy import Industry, Level
from salaries import charts, selectors
from salaries.dimensions import CellKey
from salaries.models import BenchmarkCell
from salaries.selectors import Converter
from salaries.services import benchmarks_refresh

from .factories import FxRateFactory, ReferenceFigureFactory, salaried

pytestmark = pytest.mark.django_db


def test_fallback_drops_dimensions_in_order_until_a_cell_is_published():
    """Technical goes first, then size, industry, country, level; the requested n is kept."""
    for value in range(5):
        salaried(6_000_000 + value, level=Level.SENIOR, industry=Industry.SOFTWARE)
    salaried(7_000_000, level=Level.SENIOR, industry=Industry.BFSI, technical=True)
    benchmarks_refresh()
    key = CellKey(
        currency="GBP", level=Level.SENIOR, country="GB", industry=Industry.BFSI, technical=True
    )
    fallback = selectors.cell_with_fallback(key)
    assert fallback.requested_n == 1
    assert fallback.dropped == ["technical", "industry"]
    assert fallback.cell is not None
    assert fallback.cell.key == CellKey(currency="GBP", level=Level.SENIOR, country="GB")
    assert not fallback.is_exact


def test_fallback_finds_nothing_when_even_all_is_thin():
    salaried(6_000_000)
    benchmarks_refresh()
    fallback = selectors.cell_with_fallback(CellKey(currency="GBP", level=Level.MID))
    assert fallback.cell is None and fallback.requested_n == 1


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (40_000, "below the 10th percentile"),
        (50_000, "about the 10th percentile"),
        (55_000, "about the 18th percentile"),
        (60_000, "about the 25th percentile"),
        (70_000, "about the median"),
        (80_080, "about the 71st percentile"),
        (81_000, "about the 73rd percentile"),
        (100_000, "about the 90th percentile"),
        (100_001, "above the 90th percentile"),
    ],
)
def test_position_interpolates_between_percentiles(amount, text):
    cell = BenchmarkCell(n=10, p10=50_000, p25=60_000, p50=70_000, p75=82_000, p90=100_000)
    assert selectors.position_in(cell, amount).text == text


def test_position_on_flat_percentiles():
    cell = BenchmarkCell(n=10, p10=50_000, p25=60_000, p50=60_000, p75=60_000, p90=70_000)
    assert selectors.position_in(cell, 60_000).text == "about the 25th percentile"


def factor(converter: Converter, source: str, target: str) -> Decimal | None:
    path = converter.path(source, target)
    return path[0] if path else None


def test_converter_uses_the_newest_rate_direct_inverse_or_through_one_currency():
    FxRateFactory.create(base="USD", quote="EUR", rate="0.90", as_of=date(2026, 1, 1))
    FxRateFactory.create(base="USD", quote="EUR", rate="0.80", as_of=date(2026, 2, 1))
    FxRateFactory.create(base="USD", quote="GBP", rate="0.50", as_of=date(2026, 2, 1))
    converter = Converter.load()
    assert factor(converter, "USD", "EUR") == Decimal("0.80")
    assert factor(converter, "EUR", "USD") == Decimal(1) / Decimal("0.80")
    gbp_eur, rates = converter.path("GBP", "EUR") or (None, [])
    assert gbp_eur == Decimal("1.6") and len(rates) == 2
    assert converter.path("USD", "JPY") is None
    assert Converter.apply(1_000, Decimal("1.2345")) == 1_235
    assert converter.currencies == ["EUR", "GBP", "USD"]


def test_chart_scale_uses_round_ticks():
    assert charts.nice_step(93_000) == 25_000
    assert charts.compact(1_250_000) == "1.25M"
    scale = charts.Scale.around([48_000, 131_000], left=20, right=380)
    assert [text for _, text in scale.ticks] == ["25k", "50k", "75k", "100k", "125k", "150k"]


def test_reference_figures_follow_the_country_or_else_the_currency():
    """A country's figures go with it alone; figures naming no country go with their currency."""
    ReferenceFigureFactory.create(title="UK average", country="GB", currency="GBP")
    ReferenceFigureFactory.create(title="TPM range", country="", currency="USD", technical=True)

    def titles(**key):
        return [figure.title for figure in selectors.reference_figures(CellKey(**key))]

    assert titles(currency="EUR", country="DE") == []
    assert titles(currency="USD", country="US") == ["TPM range"]
    assert titles(currency="USD", country="US", technical=False) == []
    assert titles(currency="GBP", country="GB") == ["UK average"]
    # With no country chosen a country's figures stay out: the cell is not that country's.
    assert titles(currency="GBP") == []
    assert titles(currency="USD") == ["TPM range"]
