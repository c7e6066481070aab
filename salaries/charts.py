"""Geometry for the server-rendered SVG charts: templates draw what these dataclasses place.

Charts use a narrow view box (``WIDTH`` units) so that text stays legible when a phone
scales them down; every chart sits next to a table with the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

WIDTH = 400
PAD = 8
# Room beside the axis for half a tick label, so the outermost labels are not cut off.
EDGE = 22
ROW_PITCH = 40
AXIS_HEIGHT = 26


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def compact(amount: float) -> str:
    """120000 -> '120k', 1250000 -> '1.25M', 950 -> '950'."""
    for threshold, suffix in ((1_000_000_000, "bn"), (1_000_000, "M"), (1_000, "k")):
        if abs(amount) >= threshold:
            text = f"{amount / threshold:.2f}".rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    return f"{amount:.0f}"


@dataclass
class Scale:
    low: float
    high: float
    left: float = PAD
    right: float = WIDTH - PAD
    ticks: list[tuple[float, str]] = field(default_factory=list)

    @classmethod
    def around(cls, values: list[int], *, left: float, right: float) -> Scale:
        """A scale from a round number below the smallest value to one above the largest."""
        low, high = float(min(values)), float(max(values))
        if low == high:
            low, high = low * 0.9, high * 1.1 or 1
        step = nice_step(high - low)
        start, stop = math.floor(low / step) * step, math.ceil(high / step) * step
        scale = cls(low=start, high=stop, left=left, right=right)
        count = round((stop - start) / step)
        scale.ticks = [
            (scale.x(start + i * step), compact(start + i * step)) for i in range(count + 1)
        ]
        return scale

    def x(self, value: float) -> float:
        return round(
            self.left + (value - self.low) / (self.high - self.low) * (self.right - self.left), 1
        )


@dataclass
class RangeBar:
    """One row of a range chart: p10-p90 whisker, p25-p75 box, median mark."""

    label: str
    y: float
    n: int
    published: bool
    x10: float = 0
    x25: float = 0
    x50: float = 0
    x75: float = 0
    x90: float = 0
    current: bool = False

    @property
    def label_y(self) -> float:
        return self.y + 13

    @property
    def line_y(self) -> float:
        return self.y + 27

    @property
    def box_y(self) -> float:
        return self.y + 20

    @property
    def box_width(self) -> float:
        return round(max(self.x75 - self.x25, 1.5), 1)

    @property
    def median_top(self) -> float:
        return self.y + 17

    @property
    def median_bottom(self) -> float:
        return self.y + 37

    @property
    def whisker_bottom(self) -> float:
        return self.y + 34

    @property
    def thin_y(self) -> float:
        return self.y + 32


@dataclass
class Marker:
    """A highlighted amount or range across a chart, such as an offer."""

    x: float
    width: float
    label: str
    label_x: float
    anchor: str


@dataclass
class RangeChart:
    title: str
    description: str
    height: float
    bars: list[RangeBar]
    ticks: list[tuple[float, str]]
    axis_y: float
    marker: Marker | None = None
    width: float = WIDTH
    # What a row counts, for the line a thin row shows instead of its figures.
    noun: str = "postings"

    @property
    def grid_top(self) -> float:
        return self.axis_y + 5

    @property
    def grid_bottom(self) -> float:
        return self.height - PAD - (16 if self.marker else 0)

    @property
    def grid_height(self) -> float:
        return self.grid_bottom - self.grid_top

    @property
    def marker_label_y(self) -> float:
        return self.height - PAD - 2


def range_chart(
    rows: list[Any],
    *,
    title: str,
    unit: str,
    marker: tuple[int, int, str] | None = None,
    width: float = WIDTH,
    measure: str = "Annual salary",
    noun: str = "postings",
) -> RangeChart | None:
    """Place ``rows`` (objects with label, n, published, p10..p90, current) on one axis.

    ``measure`` names what the figures are, ``noun`` what each row counts.
    """
    shown = [row for row in rows if row.published]
    if not shown:
        return None
    values = [v for row in shown for v in (row.p10, row.p90)]
    if marker:
        values += [marker[0], marker[1]]
    scale = Scale.around(values, left=EDGE, right=width - EDGE)
    bars = []
    for index, row in enumerate(rows):
        y = AXIS_HEIGHT + index * ROW_PITCH
        bar = RangeBar(label=row.label, y=y, n=row.n, published=row.published, current=row.current)
        if row.published:
            bar.x10, bar.x25, bar.x50, bar.x75, bar.x90 = (
                scale.x(getattr(row, f"p{p}")) for p in (10, 25, 50, 75, 90)
            )
        bars.append(bar)
    summary = "; ".join(
        f"{row.label}: median {row.p50:,}, middle half {row.p25:,} to {row.p75:,}, "
        f"10th to 90th percentile {row.p10:,} to {row.p90:,}"
        if row.published
        else f"{row.label}: too few {noun} to show"
        for row in rows
    )
    placed_marker = None
    if marker:
        start, end = scale.x(marker[0]), scale.x(marker[1])
        middle = (start + end) / 2
        anchor = "start" if middle < width / 3 else "end" if middle > width * 2 / 3 else "middle"
        placed_marker = Marker(
            x=start, width=round(max(end - start, 2), 1), label=marker[2],
            label_x=round(middle, 1), anchor=anchor,
        )  # fmt: skip
        summary += f"; {marker[2].lower()}: {marker[0]:,}" + (
            f" to {marker[1]:,}" if marker[1] != marker[0] else ""
        )
    return RangeChart(
        title=title,
        description=f"{measure} in {unit}. {summary}.",
        height=AXIS_HEIGHT + len(rows) * ROW_PITCH + PAD + (16 if marker else 0),
        bars=bars,
        ticks=scale.ticks,
        axis_y=AXIS_HEIGHT - 12,
        marker=placed_marker,
        width=width,
        noun=noun,
    )


@dataclass
class Column:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass
class ColumnChart:
    title: str
    description: str
    height: float
    baseline: float
    columns: list[Column]
    ticks: list[tuple[float, str]]


def column_chart(
    values: list[int], labels: list[str], *, title: str, description: str, height: float = 180
) -> ColumnChart:
    """Vertical bars from a zero baseline, one per value, with round-number gridlines."""
    top, bottom, left = 12.0, height - 22, 36.0
    step = nice_step(max(values) or 1)
    ceiling = math.ceil((max(values) or 1) / step) * step
    slot = (WIDTH - PAD - left) / len(values)

    def y(value: float) -> float:
        return round(bottom - value / ceiling * (bottom - top), 1)

    columns = [
        Column(
            x=round(left + i * slot + slot * 0.15, 1),
            y=y(value),
            width=round(slot * 0.7, 1),
            height=round(bottom - y(value), 1),
            label=labels[i],
            value=value,
        )
        for i, value in enumerate(values)
    ]
    ticks = [(y(i * step), compact(i * step)) for i in range(round(ceiling / step) + 1)]
    return ColumnChart(title, description, height, bottom, columns, ticks)


def sparkline(values: list[int], *, width: float = 100, height: float = 24) -> str:
    """SVG polyline points for a small trend line, scaled to the series' own maximum."""
    peak = max(values) or 1
    step = width / max(len(values) - 1, 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - 2 - v / peak * (height - 4), 1)}"
        for i, v in enumerate(values)
    )


def percent(share: float | Decimal) -> float:
    """A 0..1 share as a 0..100 bar length."""
    return round(float(share) * 100, 1)
