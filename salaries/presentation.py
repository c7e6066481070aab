"""Cells as the pages show them: labelled rows, optionally converted to a display currency,
and freelance rate cells in whole currency units."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import QueryDict

from core.countries import country_name
from core.money import exponent
from core.taxonomy import CompanySize, Industry, Level, RemotePolicy
from gigs.domain import BudgetType, GigCategory

from . import charts, selectors
from .dimensions import DIMENSION_LABELS, CellKey, label
from .editorial import MARKET_REPORT, WHAT_MOVES_PAY, Claim, country_claims
from .insights import INSIGHT_DIMENSIONS, MIN_GROWTH_BASE
from .models import MIN_OBSERVATIONS, BenchmarkCell, BenchmarkRefresh, FreelanceRateCell, FxRate
from .regions import Region
from .selectors import Converter

STATS = ("mean", "p10", "p25", "p50", "p75", "p90")


@dataclass
class Conversion:
    """Display figures in ``target`` instead of ``source``, at the staff-set rates used."""

    source: str
    target: str
    factor: Decimal
    rates: list[FxRate]

    @property
    def active(self) -> bool:
        return self.source != self.target

    @classmethod
    def none(cls, currency: str) -> Conversion:
        """Figures shown in the currency they were computed in."""
        return cls(currency, currency, Decimal(1), [])


def conversion(converter: Converter, source: str, target: str | None) -> Conversion | None:
    """The conversion to show ``source`` figures in ``target``; None if no rate connects them."""
    if not target or target == source:
        return Conversion.none(source)
    path = converter.path(source, target)
    if path is None:
        return None
    return Conversion(source, target, path[0], path[1])


@dataclass
class Row:
    label: str
    value: Any
    n: int
    published: bool
    refreshed_at: datetime
    current: bool = False
    query: str = ""
    mean: int | None = None
    p10: int | None = None
    p25: int | None = None
    p50: int | None = None
    p75: int | None = None
    p90: int | None = None


def row(
    cell: BenchmarkCell,
    *,
    dimension: str | None,
    factor: Decimal,
    current: bool = False,
    base_query: QueryDict | None = None,
) -> Row:
    value = cell.value_of(dimension) if dimension else None
    converted = {name: Converter.apply(getattr(cell, name), factor) for name in STATS}
    query = ""
    if dimension and base_query is not None:
        chosen = base_query.copy()
        chosen[dimension] = _query_value(value)
        query = chosen.urlencode()
    return Row(
        label=label(dimension, value) if dimension else cell.key.describe(),
        value=value,
        n=cell.n,
        published=cell.published,
        refreshed_at=cell.refreshed_at,
        current=current,
        query=query,
        **converted,
    )


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class Breakdown:
    dimension: str
    title: str
    rows: list[Row]
    chart: charts.ResponsiveChart | None


def breakdown(
    dimension: str,
    cells: list[BenchmarkCell],
    *,
    selected: Any,
    factor: Decimal,
    unit: str,
    base_query: QueryDict,
) -> Breakdown:
    rows = [
        row(
            cell,
            dimension=dimension,
            factor=factor,
            current=cell.value_of(dimension) == selected,
            base_query=base_query,
        )
        for cell in cells
    ]
    title = f"By {DIMENSION_LABELS[dimension].lower()}"
    chart = charts.range_chart(rows, title=title, unit=unit, min_observations=MIN_OBSERVATIONS)
    return Breakdown(dimension, title, rows, chart)


@dataclass
class Sourced:
    """Published figures or claims that share one attribution, listed under it."""

    attribution: str
    items: list[Any]


def by_attribution(items: Iterable[Any], attribution: Callable[[Any], str]) -> list[Sourced]:
    """``items`` grouped by ``attribution``, groups in the order their first item comes."""
    groups: dict[str, Sourced] = {}
    for item in items:
        label_ = attribution(item)
        groups.setdefault(label_, Sourced(label_, [])).items.append(item)
    return list(groups.values())


def _claim_source(claim: Claim) -> str:
    return claim.source.label


def salary_context(key: CellKey) -> dict[str, Any]:
    """What the pages show beside a cell's computed figures: published figures and claims."""
    countries = [] if key.country else selectors.reference_countries()
    return {
        "references": by_attribution(
            selectors.reference_figures(key), lambda figure: figure.attribution
        ),
        "reference_countries": sorted(
            ((code, country_name(code)) for code in countries), key=lambda pair: pair[1]
        ),
        "country_claims": by_attribution(country_claims(key.country), _claim_source),
        "pay_claims": by_attribution(WHAT_MOVES_PAY, _claim_source),
    }


INSIGHT_LABELS = {
    "industry": ("Industry", dict(Industry.choices)),
    "region": ("Region", dict(Region.choices)),
    "company_size": ("Company size", {**dict(CompanySize.choices), "": "Size not stated"}),
    "remote_policy": ("Remote policy", dict(RemotePolicy.choices)),
    "level": ("Level", dict(Level.choices)),
}


@dataclass
class SegmentRow:
    label: str
    total: int
    share: float
    share_bar: float
    growth: float | None
    monthly: list[int]
    sparkline: str

    @property
    def growth_text(self) -> str:
        return _growth_text(self.growth)


def _growth_text(growth: float | None) -> str:
    if growth is None:
        return ""
    return f"{growth * 100:+.0f}%"


def and_join(items: Iterable[str]) -> str:
    """'a, b and c'."""
    *head, last = items
    return f"{', '.join(head)} and {last}" if head else last


def market_report() -> dict[str, Any]:
    """The market report's facts as the insights page's sentence names them."""
    report = MARKET_REPORT
    shared = dict(report.portal_axes)
    own = [INSIGHT_LABELS[name][0].lower() for name in INSIGHT_DIMENSIONS if name not in shared]
    return {
        "attribution": report.source.label,
        "publisher": report.source.publisher,
        "published": report.source.dated,
        "base_year": report.base_year,
        "forecast": report.forecast,
        "axes": and_join(report.axes),
        "largest": and_join(report.largest),
        "fastest": and_join(report.fastest),
        "shared": and_join(shared.values()),
        "own": and_join(own),
    }


def insights_page(refresh: BenchmarkRefresh | None, dimension: str) -> dict[str, Any]:
    """Context for the market insights page from the newest refresh's insights."""
    data = refresh.insights if refresh else {}
    if not data:
        return {"insights": None, "report": market_report()}
    if dimension not in INSIGHT_DIMENSIONS:
        dimension = INSIGHT_DIMENSIONS[0]
    months = [date.fromisoformat(month) for month in data["months"]]
    month_labels = [month.strftime("%b %Y") for month in months]
    short_labels = [month.strftime("%b") for month in months]
    total_chart = charts.column_chart(
        data["monthly_total"],
        short_labels,
        title="PM postings per month",
        description="Postings per month, oldest first: "
        + ", ".join(f"{m} {n:,}" for m, n in zip(month_labels, data["monthly_total"], strict=True))
        + ". The last month is the month so far.",
    )
    title, names = INSIGHT_LABELS[dimension]
    segments = [
        SegmentRow(
            label=names.get(segment["code"], segment["code"]),
            total=segment["total"],
            share=segment["share"],
            share_bar=charts.percent(segment["share"]),
            growth=segment["growth"],
            monthly=segment["monthly"],
            sparkline=charts.sparkline(segment["monthly"]),
        )
        for segment in data["dimensions"][dimension]
    ]
    fastest = []
    for name in INSIGHT_DIMENSIONS:
        best = data["fastest"].get(name)
        if best:
            label_, names_ = INSIGHT_LABELS[name]
            fastest.append(
                {
                    "dimension": label_,
                    "segment": names_.get(best["code"], best["code"]),
                    "growth": _growth_text(best["growth"]),
                }
            )
    skills = [{**skill, "percent": charts.percent(skill["share"])} for skill in data["skills"]]
    return {
        "insights": data,
        "dimension": dimension,
        "dimension_title": title,
        "dimensions": [(name, INSIGHT_LABELS[name][0]) for name in INSIGHT_DIMENSIONS],
        "month_labels": month_labels,
        "monthly_rows": list(zip(month_labels, data["monthly_total"], strict=True)),
        "total_chart": total_chart,
        "segments": segments,
        "fastest": fastest,
        "skills": skills,
        "recent_from": datetime.fromisoformat(data["recent_from"]),
        "earlier_from": datetime.fromisoformat(data["earlier_from"]),
        "min_growth_base": MIN_GROWTH_BASE,
        "report": market_report(),
    }


RATE_MEASURES: dict[str, str] = {BudgetType.HOURLY: "Hourly rate", BudgetType.FIXED: "Fixed price"}
RATE_NOUN = "hires"


def rate_label(dimension: str, cell: FreelanceRateCell) -> str:
    """How a rate cell's row names its value of ``dimension``."""
    if dimension == "category":
        return GigCategory(cell.category).label if cell.category else "All categories"
    if dimension == "skill":
        return cell.skill.name if cell.skill else "All skills"
    return cell.currency


def rate_row(cell: FreelanceRateCell, *, label: str, current: bool = False, query: str = "") -> Row:
    """A rate cell with its figures in whole currency units, as charts and tables show them."""
    unit = 10 ** exponent(cell.currency)
    whole = {name: None if value is None else value // unit for name, value in cell.stats.items()}
    return Row(
        label=label,
        value=None,
        n=cell.n,
        published=cell.published,
        refreshed_at=cell.refreshed_at,
        current=current,
        query=query,
        **whole,
    )


def rate_breakdown(
    dimension: str,
    cells: list[FreelanceRateCell],
    *,
    selected: Any,
    base_query: QueryDict,
    rate_type: str,
    currency: str,
) -> Breakdown:
    """One dimension's rows, linking each to the page filtered by its value, and their chart."""
    rows = []
    for cell in cells:
        value = cell.category if dimension == "category" else cell.skill.slug if cell.skill else ""
        chosen = base_query.copy()
        chosen[dimension] = value
        rows.append(
            rate_row(
                cell,
                label=rate_label(dimension, cell),
                current=value == selected,
                query=chosen.urlencode(),
            )
        )
    title = f"By {dimension}"
    chart = charts.range_chart(
        rows,
        title=title,
        unit=currency,
        measure=RATE_MEASURES[rate_type],
        noun=RATE_NOUN,
        min_observations=MIN_OBSERVATIONS,
    )
    return Breakdown(dimension, title, rows, chart)
