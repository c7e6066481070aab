"""Reads of the salaries app: cells, breakdowns, fallbacks, positions, FX and reference figures.

Each page reads its cells in one query, so a refresh committing halfway through a page
cannot mix the old table with the new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import partial, reduce
from operator import or_
from typing import Any

from django.db.models import Case, Q, QuerySet, When

from core.money import to_major
from core.taxonomy import Level
from jobs.models import JobPosting

from .currencies import Available
from .dimensions import DIMENSIONS, GROUPING_ALL, CellKey, bit, label
from .models import MIN_OBSERVATIONS, BenchmarkCell, BenchmarkRefresh, FxRate, ReferenceFigure

# Which dimension a lookup gives up first when its cell is too thin, then the next...
FALLBACK_ORDER = ("technical", "company_size", "industry", "country", "level")
PERCENTILE_POINTS = (10, 25, 50, 75, 90)
MEDIAN = 50


class Reason:
    NOT_REFRESHED = "not_refreshed"
    MISSING = "missing"
    THIN = "thin"


def latest_refresh() -> BenchmarkRefresh | None:
    return BenchmarkRefresh.objects.order_by("-refreshed_at", "-id").first()


def _q(key: CellKey) -> Q:
    return Q(**key.lookup())


def cell_for(key: CellKey) -> BenchmarkCell | None:
    return BenchmarkCell.objects.filter(_q(key)).first()


def currencies_at(dimensions: dict[str, Any]) -> Available:
    """The currencies of the cells at the position these dimensions name."""
    probe = CellKey(currency="", **dimensions).lookup()
    del probe["currency"]
    counts = BenchmarkCell.objects.filter(**probe).order_by("-n", "currency")
    return Available.from_counts(counts.values_list("currency", "n"))


def busiest_currency(dimensions: dict[str, Any]) -> str | None:
    """The currency with the most observations in the cell these dimensions name."""
    return currencies_at(dimensions).busiest


def currencies() -> list[str]:
    """Currencies with a published 'all' cell, busiest first."""
    return list(
        BenchmarkCell.objects.filter(grouping=GROUPING_ALL, n__gte=MIN_OBSERVATIONS)
        .order_by("-n", "currency")
        .values_list("currency", flat=True)
    )


def countries() -> list[str]:
    """Countries with observations in any currency."""
    by_country = GROUPING_ALL & ~bit("country")
    return list(
        BenchmarkCell.objects.filter(grouping=by_country)
        .values_list("country", flat=True)
        .distinct()
        .order_by("country")
    )


def headline_cell(*, country: str | None, currency: str | None) -> BenchmarkCell | None:
    """The published all-levels cell of one country, for a headline figure (one query).

    ``country`` paid in ``currency`` first, then ``country`` in its busiest currency, then the
    busiest country; with no country's cell published, the busiest currency's overall cell.
    """
    by_country = GROUPING_ALL & ~bit("country")
    preference = Case(
        When(grouping=by_country, country=country or "", currency=currency or "", then=0),
        When(grouping=by_country, country=country or "", then=1),
        When(grouping=by_country, then=2),
        default=3,
    )
    return (
        BenchmarkCell.objects.filter(
            grouping__in=(by_country, GROUPING_ALL), n__gte=MIN_OBSERVATIONS
        )
        .annotate(preference=preference)
        .order_by("preference", "-n", "country", "currency")
        .first()
    )


def not_found_reason(
    key: CellKey, cell: BenchmarkCell | None, refresh: BenchmarkRefresh | None
) -> tuple[str, str]:
    """(reason code, sentence) for a cell that cannot be shown."""
    if refresh is None:
        return Reason.NOT_REFRESHED, "The salary benchmarks have not been computed yet."
    paid = f" paid in {key.currency}" if key.currency else ""
    if cell is None:
        return Reason.MISSING, (
            f"No posting{paid} with a salary matches {key.describe()} "
            f"in the last {refresh.window_days} days."
        )
    postings = "posting matches" if cell.n == 1 else "postings match"
    return Reason.THIN, (
        f"Only {cell.n} {postings} {key.describe()}{paid}; "
        f"a benchmark needs at least {MIN_OBSERVATIONS}."
    )


def breakdown_key(key: CellKey, dimension: str) -> Q:
    """Cells equal to ``key`` except in ``dimension``, which takes each of its values."""
    lookup = key.with_values(**{dimension: None}).lookup()
    lookup["grouping"] &= ~bit(dimension)
    del lookup[dimension]
    return Q(**lookup)


def breakdown(key: CellKey, dimension: str) -> list[BenchmarkCell]:
    cells = BenchmarkCell.objects.filter(breakdown_key(key, dimension))
    return sorted(cells, key=partial(_cell_order, dimension))


def currency_breakdown(key: CellKey) -> list[BenchmarkCell]:
    """The cell at ``key``'s position in every currency, busiest first."""
    lookup = key.lookup()
    del lookup["currency"]
    return list(BenchmarkCell.objects.filter(**lookup).order_by("-n", "currency"))


@dataclass
class PageCells:
    """What the benchmark page shows: the chosen cell and one breakdown per dimension."""

    key: CellKey
    cell: BenchmarkCell | None
    breakdowns: dict[str, list[BenchmarkCell]]


def page_cells(key: CellKey, dimensions: tuple[str, ...] = DIMENSIONS) -> PageCells:
    """The cell at ``key`` and its breakdowns by each dimension, read in one query."""
    queries = [_q(key), *(breakdown_key(key, dimension) for dimension in dimensions)]
    rows = list(BenchmarkCell.objects.filter(reduce(or_, queries)))
    chosen = next((cell for cell in rows if cell.key == key), None)
    breakdowns = {}
    for dimension in dimensions:
        others = [d for d in DIMENSIONS if d != dimension]
        members = [
            cell
            for cell in rows
            if cell.value_of(dimension) is not None
            and all(cell.value_of(d) == getattr(key, d) for d in others)
        ]
        breakdowns[dimension] = sorted(members, key=partial(_cell_order, dimension))
    return PageCells(key=key, cell=chosen, breakdowns=breakdowns)


def _cell_order(dimension: str, cell: BenchmarkCell) -> tuple:
    return _order(dimension, cell.value_of(dimension))


def _order(dimension: str, value: Any) -> tuple:
    """Levels in ladder order, the flag false before true, everything else by its label."""
    if dimension == "level":
        return (Level.values.index(value) if value in Level.values else 99,)
    if dimension == "technical":
        return (bool(value),)
    return (label(dimension, value),)


@dataclass
class Fallback:
    """The cell a lookup settled on, and what it had to give up to find one."""

    requested: CellKey
    requested_n: int
    cell: BenchmarkCell | None
    dropped: list[str] = field(default_factory=list)

    @property
    def is_exact(self) -> bool:
        return self.cell is not None and not self.dropped


def cell_with_fallback(key: CellKey) -> Fallback:
    """The published cell at ``key``, or the nearest broader one (see FALLBACK_ORDER)."""
    steps: list[tuple[CellKey, list[str]]] = [(key, [])]
    current, dropped = key, list[str]()
    for dimension in FALLBACK_ORDER:
        if getattr(current, dimension) is not None:
            current = current.with_values(**{dimension: None})
            dropped = [*dropped, dimension]
            steps.append((current, dropped))
    found = BenchmarkCell.objects.filter(reduce(or_, (_q(step) for step, _ in steps)))
    rows = {cell.key: cell for cell in found}
    requested = rows.get(key)
    requested_n = requested.n if requested else 0
    for candidate, gave_up in steps:
        cell = rows.get(candidate)
        if cell is not None and cell.published:
            return Fallback(key, requested_n, cell, gave_up)
    return Fallback(key, requested_n, None, dropped)


@dataclass(frozen=True)
class Position:
    """Where an amount falls among a cell's percentiles (an estimate between the points)."""

    percentile: int
    below: bool = False
    above: bool = False

    @property
    def text(self) -> str:
        if self.below:
            return "below the 10th percentile"
        if self.above:
            return "above the 90th percentile"
        if self.percentile == MEDIAN:
            return "about the median"
        return f"about the {ordinal(self.percentile)} percentile"


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def position_in(cell: BenchmarkCell, amount: int) -> Position:
    """Interpolate ``amount`` (whole units, the cell's currency) between the cell's percentiles."""
    points = [(p, getattr(cell, f"p{p}")) for p in PERCENTILE_POINTS]
    if amount < points[0][1]:
        return Position(10, below=True)
    if amount > points[-1][1]:
        return Position(90, above=True)
    for (low_p, low), (high_p, high) in zip(points, points[1:], strict=False):
        if low <= amount <= high:
            if high == low:
                return Position(high_p if amount == high else low_p)
            share = Decimal(amount - low) / Decimal(high - low)
            estimate = Decimal(low_p) + share * (high_p - low_p)
            return Position(int(estimate.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    return Position(90)


class Converter:
    """FX conversion with staff-set rates: the newest rate of each pair, direct or inverted,
    or through one shared currency."""

    def __init__(self, rates: list[FxRate]):
        self.rates: dict[tuple[str, str], FxRate] = {}
        for rate in rates:  # newest first per pair: keep the first seen
            self.rates.setdefault((rate.base, rate.quote), rate)

    @classmethod
    def load(cls) -> Converter:
        return cls(list(FxRate.objects.order_by("base", "quote", "-as_of", "-id")))

    @property
    def currencies(self) -> list[str]:
        return sorted({code for pair in self.rates for code in pair})

    def _step(self, source: str, target: str) -> tuple[Decimal, FxRate] | None:
        if (source, target) in self.rates:
            rate = self.rates[(source, target)]
            return rate.rate, rate
        if (target, source) in self.rates:
            rate = self.rates[(target, source)]
            return 1 / rate.rate, rate
        return None

    def path(self, source: str, target: str) -> tuple[Decimal, list[FxRate]] | None:
        """The factor from ``source`` to ``target`` and the rates it uses, or None."""
        if source == target:
            return Decimal(1), []
        direct = self._step(source, target)
        if direct:
            return direct[0], [direct[1]]
        for via in self.currencies:
            first, second = self._step(source, via), self._step(via, target)
            if first and second:
                return first[0] * second[0], [first[1], second[1]]
        return None

    @staticmethod
    def apply(amount: int | None, factor: Decimal) -> int | None:
        if amount is None:
            return None
        return int((amount * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _shown_figures() -> QuerySet[ReferenceFigure]:
    """Figures staff show and whose provenance is complete: undated ones wait for a year."""
    return ReferenceFigure.objects.filter(active=True, as_of__isnull=False)


def reference_figures(key: CellKey) -> list[ReferenceFigure]:
    """Editorial figures that speak to the cell at ``key``.

    A figure for a country goes only with that country's cells, never with every cell paid
    in its currency; one that names no country goes with its currency. Level and role type
    narrow the list when chosen; general figures cover every level and role type,
    technical-PM figures only technical roles.
    """
    place = Q(country="", currency=key.currency)
    if key.country:
        place |= Q(country=key.country)
    figures = _shown_figures().filter(place)
    if key.level:
        figures = figures.filter(Q(level=key.level) | Q(level=""))
    if key.technical is False:
        figures = figures.filter(technical=False)
    return list(figures)


def reference_countries() -> list[str]:
    """Countries some shown figure is for, to offer when no country is chosen."""
    codes = _shown_figures().exclude(country="").values_list("country", flat=True)
    return sorted(set(codes))


def posting_cell_key(posting: JobPosting) -> CellKey | None:
    """The cell a posting's salary belongs to; None without a salary."""
    if not posting.has_salary or not posting.salary_currency:
        return None
    return CellKey(
        currency=posting.salary_currency,
        level=posting.level or None,
        country=posting.country.code or None,
        industry=posting.company.industry or None,
        company_size=posting.company.size or None,
        technical=posting.technical,
    )


def posting_annual_range(posting: JobPosting) -> tuple[int, int]:
    """The posting's annual salary bounds in whole units; one bound alone stands for both."""
    bounds = [v for v in (posting.salary_min_annual, posting.salary_max_annual) if v is not None]
    low, high = (
        int(to_major(value, posting.salary_currency).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for value in (min(bounds), max(bounds))
    )
    return low, high
