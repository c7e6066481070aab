"""Geometry for the server-rendered SVG charts: templates draw what these dataclasses place.

A range chart is laid out twice, for a wide and a narrow view box, and the page shows the
one that fits its column (a container query in salaries.css), so that its text renders at
about the size of the text around it on a desktop and on a phone. Text sizes are set here
and widths estimated from them, so labels can be placed where they collide with nothing;
every chart sits next to a table with the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

WIDTH = 400
PAD = 8


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
    def around(cls, values: list[int], *, left: float, right: float, ticks: int = 4) -> Scale:
        """A scale from a round number below the smallest value to one above the largest,
        with about ``ticks`` intervals."""
        low, high = float(min(values)), float(max(values))
        if low == high:
            low, high = low * 0.9, high * 1.1 or 1
        step = nice_step(high - low, ticks)
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


@dataclass(frozen=True)
class Frame:
    """A view box to lay a range chart out in: its width and its text size, in units."""

    name: str
    width: float
    font: float

    def text_width(self, text: str) -> float:
        """A generous estimate of ``text``'s width."""
        return round(len(text) * self.font * CHAR_EM, 1)

    @property
    def line(self) -> float:
        return self.font + 6


# About as wide as a desktop column and as a phone's card, so each is drawn near its size.
WIDE = Frame("wide", width=640, font=14)
NARROW = Frame("narrow", width=300, font=13)
# An average glyph width, in em, above what bold DejaVu Sans (the widest usual fallback) takes.
CHAR_EM = 0.68
# A range band: the p10-p90 whisker, the p25-p75 box and the median across it.
BAND = 16
BOX = 12
ROW_GAP = 10
TICK_GAP = 12
# More gridlines than this make a busy chart, however wide.
MAX_TICKS = 6


@dataclass(frozen=True)
class Box:
    """A rectangle a label or a highlight covers, in view box units."""

    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )


def text_box(frame: Frame, text: str, *, x: float, baseline: float, anchor: str = "start") -> Box:
    width = frame.text_width(text)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(left, baseline - frame.font, width, frame.font * 1.25)


@dataclass
class RangeBar:
    """One row of a range chart: its label line, then its band (p10-p90 whisker, p25-p75
    box, median mark)."""

    label: str
    n: int
    published: bool
    label_y: float
    band_top: float
    x10: float = 0
    x25: float = 0
    x50: float = 0
    x75: float = 0
    x90: float = 0
    current: bool = False

    @property
    def band_middle(self) -> float:
        return self.band_top + BAND / 2

    @property
    def band_bottom(self) -> float:
        return self.band_top + BAND

    @property
    def thin_y(self) -> float:
        """The baseline of the line a row too thin to show has in place of its band."""
        return self.band_bottom - 2

    @property
    def box_y(self) -> float:
        return self.band_top + (BAND - BOX) / 2

    @property
    def end_top(self) -> float:
        return self.band_top + 3

    @property
    def end_bottom(self) -> float:
        return self.band_bottom - 3

    @property
    def box_width(self) -> float:
        return round(max(self.x75 - self.x25, 1.5), 1)

    @property
    def label_text(self) -> str:
        return f"{self.label} n={self.n}"


@dataclass
class Marker:
    """A highlighted amount or range, such as an offer: drawn across each row's band, and
    named in a line of its own below the rows."""

    x: float
    width: float
    label: str
    label_x: float
    label_y: float


@dataclass
class RangeChart:
    """One layout of a range chart, for one ``Frame``."""

    frame: Frame
    title: str
    description: str
    height: float
    bars: list[RangeBar]
    ticks: list[tuple[float, str]]
    axis_y: float
    grid_top: float
    grid_bottom: float
    thin_text: str
    marker: Marker | None = None

    @property
    def width(self) -> float:
        return self.frame.width

    @property
    def font(self) -> float:
        return self.frame.font

    @property
    def label_x(self) -> float:
        return PAD

    @property
    def band(self) -> float:
        return BAND

    @property
    def box(self) -> float:
        return BOX

    def label_boxes(self) -> list[Box]:
        """Where every text of the chart lies: ticks, row labels and the marker's name."""
        frame = self.frame
        boxes = [
            text_box(frame, text, x=x, baseline=self.axis_y, anchor="middle")
            for x, text in self.ticks
        ]
        for bar in self.bars:
            boxes.append(text_box(frame, bar.label_text, x=self.label_x, baseline=bar.label_y))
            if not bar.published:
                boxes.append(text_box(frame, self.thin_text, x=self.label_x, baseline=bar.thin_y))
        if self.marker:
            marker = self.marker
            boxes.append(
                text_box(
                    frame, marker.label, x=marker.label_x, baseline=marker.label_y, anchor="middle"
                )
            )
        return boxes

    def marker_boxes(self) -> list[Box]:
        """Where the highlight lies: across each shown row's band."""
        if self.marker is None:
            return []
        return [
            Box(self.marker.x, bar.band_top, self.marker.width, BAND)
            for bar in self.bars
            if bar.published
        ]


@dataclass
class ResponsiveChart:
    """A range chart laid out for each frame; the page shows the one that fits."""

    title: str
    description: str
    layouts: list[RangeChart]


def _fit(frame: Frame, text: str, room: float) -> str:
    """``text``, cut short with an ellipsis where it would run past ``room`` units."""
    if frame.text_width(text) <= room:
        return text
    keep = max(int(room / (frame.font * CHAR_EM)) - 1, 1)
    return text[:keep].rstrip() + "…"


def _scale(frame: Frame, values: list[int]) -> Scale:
    """A scale whose tick labels sit apart and inside the frame: as many intervals as fit."""
    # Room at each end for half of the widest label a tick can carry ("1.25M").
    edge = PAD + frame.text_width("0.00M") / 2
    room = int((frame.width - 2 * edge) / (frame.text_width("0.00M") + TICK_GAP))
    ticks = min(max(room, 1), MAX_TICKS)
    while True:
        scale = Scale.around(values, left=edge, right=frame.width - edge, ticks=ticks)
        positions = [x for x, _ in scale.ticks]
        widest = max(frame.text_width(text) for _, text in scale.ticks)
        gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
        if ticks == 1 or min(gaps, default=math.inf) >= widest + TICK_GAP:
            return scale
        ticks -= 1


def _layout(
    frame: Frame,
    rows: list[Any],
    *,
    title: str,
    description: str,
    values: list[int],
    marker: tuple[int, int, str] | None,
    thin_text: str,
) -> RangeChart:
    scale = _scale(frame, values)
    axis_y = PAD + frame.font
    grid_top = axis_y + 6
    room = frame.width - 2 * PAD
    bars = []
    top = grid_top + 4
    for row in rows:
        label = _fit(frame, row.label, room - frame.text_width(f" n={row.n}"))
        bar = RangeBar(
            label=label,
            n=row.n,
            published=row.published,
            label_y=top + frame.font,
            band_top=top + frame.line,
            current=row.current,
        )
        if row.published:
            bar.x10, bar.x25, bar.x50, bar.x75, bar.x90 = (
                scale.x(getattr(row, f"p{p}")) for p in (10, 25, 50, 75, 90)
            )
        bars.append(bar)
        top = bar.band_bottom + ROW_GAP
    grid_bottom = top - ROW_GAP + 2
    height = grid_bottom + PAD
    placed = None
    if marker:
        start, end = scale.x(marker[0]), scale.x(marker[1])
        half = frame.text_width(marker[2]) / 2
        middle = min(max((start + end) / 2, PAD + half), frame.width - PAD - half)
        label_y = grid_bottom + 4 + frame.font
        placed = Marker(
            x=start,
            width=round(max(end - start, 2), 1),
            label=marker[2],
            label_x=round(middle, 1),
            label_y=label_y,
        )
        height = label_y + frame.font * 0.25 + PAD
    return RangeChart(
        frame=frame,
        title=title,
        description=description,
        height=round(height, 1),
        bars=bars,
        ticks=scale.ticks,
        axis_y=axis_y,
        grid_top=grid_top,
        grid_bottom=grid_bottom,
        thin_text=thin_text,
        marker=placed,
    )


def range_chart(
    rows: list[Any],
    *,
    title: str,
    unit: str,
    marker: tuple[int, int, str] | None = None,
    measure: str = "Annual salary",
    noun: str = "postings",
    min_observations: int,
) -> ResponsiveChart | None:
    """Place ``rows`` (objects with label, n, published, p10..p90, current) on one axis, in
    each frame; ``marker`` (low, high, name) highlights a range.

    ``measure`` names what the figures are, ``noun`` what each row counts, and
    ``min_observations`` how many a row needs to be shown.
    """
    shown = [row for row in rows if row.published]
    if not shown:
        return None
    values = [v for row in shown for v in (row.p10, row.p90)]
    if marker:
        values += [marker[0], marker[1]]
    summary = "; ".join(
        f"{row.label}: median {row.p50:,}, middle half {row.p25:,} to {row.p75:,}, "
        f"10th to 90th percentile {row.p10:,} to {row.p90:,}"
        if row.published
        else f"{row.label}: too few {noun} to show"
        for row in rows
    )
    if marker:
        summary += f"; {marker[2].lower()}: {marker[0]:,}" + (
            f" to {marker[1]:,}" if marker[1] != marker[0] else ""
        )
    description = f"{measure} in {unit}. {summary}."
    thin_text = f"Fewer than {min_observations} {noun}: not shown"
    layouts = [
        _layout(
            frame,
            rows,
            title=title,
            description=description,
            values=values,
            marker=marker,
            thin_text=thin_text,
        )
        for frame in (WIDE, NARROW)
    ]
    return ResponsiveChart(title=title, description=description, layouts=layouts)


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
