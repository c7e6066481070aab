"""Range chart layouts: every label readable, inside the chart and clear of every other label
and of the highlighted range, in the wide and the narrow view box."""

from itertools import combinations
from types import SimpleNamespace

import pytest

from salaries import charts
from salaries.charts import NARROW, WIDE, Box

MIN_OBSERVATIONS = 5


def _row(label, p10=40_000, p25=50_000, p50=60_000, p75=70_000, p90=80_000, *, n=12, current=False):
    return SimpleNamespace(
        label=label,
        n=n,
        published=n >= MIN_OBSERVATIONS,
        current=current,
        p10=p10,
        p25=p25,
        p50=p50,
        p75=p75,
        p90=p90,
    )


LEVELS = [
    _row("Associate / entry", 30_000, 35_000, 40_000, 45_000, 52_000),
    _row("Product manager", 45_000, 52_000, 60_000, 66_000, 75_000, current=True),
    _row("Director / head of product", n=4),
    _row("VP of product", 120_000, 140_000, 160_000, 185_000, 1_250_000),
    _row("Chief product officer", n=1),
]
CASES = {
    "levels": (LEVELS, None),
    # Round amounts below and above every row: the axis starts or ends exactly there.
    "offer below every row": ([_row("Comparable postings")], (20_000, 20_000, "This offer")),
    "offer above every row": ([_row("Comparable postings")], (1_000_000, 1_000_000, "This offer")),
    "range across the box": ([_row("Comparable postings")], (55_000, 95_000, "This range")),
    "range over a thin row": (
        [_row("Comparable postings"), _row("Fewer", n=2)],
        (30_000, 41_000, "This range"),
    ),
    "one tight row": ([_row("Comparable postings", 60_000, 60_100, 60_200, 60_300, 60_400)], None),
    "a long label": ([_row("Consumer goods, retail and everything sold in shops " * 3)], None),
}


def _layouts():
    for name, (rows, marker) in CASES.items():
        chart = charts.range_chart(
            rows, title="t", unit="GBP", marker=marker, min_observations=MIN_OBSERVATIONS
        )
        assert chart is not None
        for layout in chart.layouts:
            yield pytest.param(layout, id=f"{name}-{layout.frame.name}")


@pytest.mark.parametrize("layout", list(_layouts()))
def test_labels_do_not_overlap_each_other_or_the_highlight(layout):
    """Tick labels, row labels, thin-row notes and the marker's name: no two boxes meet, none
    covers the highlighted range."""
    labels = layout.label_boxes()
    for first, second in combinations(labels, 2):
        assert not first.overlaps(second), (first, second)
    for label in labels:
        for highlight in layout.marker_boxes():
            assert not label.overlaps(highlight), (label, highlight)


@pytest.mark.parametrize("layout", list(_layouts()))
def test_labels_and_bars_stay_inside_the_view_box(layout):
    frame = Box(0, 0, layout.width, layout.height)
    for box in layout.label_boxes() + layout.marker_boxes():
        assert box.x >= 0 and box.y >= 0, box
        assert box.x + box.width <= frame.width and box.y + box.height <= frame.height, box
    for bar in layout.bars:
        if bar.published:
            assert 0 <= bar.x10 <= bar.x25 <= bar.x50 <= bar.x75 <= bar.x90 <= layout.width


def test_each_layout_is_drawn_near_its_size_with_text_of_at_least_twelve_units():
    """The wide layout fills a desktop column, the narrow one a phone's card."""
    assert WIDE.width >= 560 and NARROW.width <= 320
    assert min(WIDE.font, NARROW.font) >= 12


def test_box_overlap_is_strict():
    """Boxes that only touch do not overlap; boxes sharing any area do."""
    box = Box(0, 0, 10, 10)
    assert not box.overlaps(Box(10, 0, 5, 5))
    assert not box.overlaps(Box(0, 10, 5, 5))
    assert box.overlaps(Box(9, 9, 5, 5))
    assert Box(9, 9, 5, 5).overlaps(box)


def test_a_label_too_long_for_the_frame_is_cut_with_an_ellipsis():
    chart = charts.range_chart(
        CASES["a long label"][0], title="t", unit="GBP", min_observations=MIN_OBSERVATIONS
    )
    assert chart is not None
    narrow = chart.layouts[1]
    assert narrow.bars[0].label.endswith("…")
    assert narrow.frame.text_width(narrow.bars[0].label_text) <= narrow.width - 2 * charts.PAD


@pytest.mark.parametrize("case", ["offer below every row", "offer above every row"])
def test_the_highlights_name_stays_inside_when_the_range_sits_at_an_edge(case):
    """Centred on an offer at the axis' end, the name would run off the chart: it moves in."""
    rows, marker = CASES[case]
    chart = charts.range_chart(
        rows, title="t", unit="GBP", marker=marker, min_observations=MIN_OBSERVATIONS
    )
    assert chart is not None
    for layout in chart.layouts:
        assert layout.marker is not None
        name = layout.label_boxes()[-1]
        assert name.x >= charts.PAD and name.x + name.width <= layout.width - charts.PAD
        assert layout.marker.label_x != layout.marker.x


def test_ticks_thin_out_rather_than_crowd_a_narrow_frame():
    """From 1k to 1.25M a narrow chart keeps its tick labels apart, with at least two."""
    rows = [_row("Wide spread", 1_000, 2_000, 30_000, 400_000, 1_250_000)]
    chart = charts.range_chart(rows, title="t", unit="GBP", min_observations=MIN_OBSERVATIONS)
    assert chart is not None
    for layout in chart.layouts:
        assert 2 <= len(layout.ticks) <= charts.MAX_TICKS + 1


def test_no_chart_without_a_published_row():
    rows = [_row("Thin", n=2)]
    assert charts.range_chart(rows, title="t", unit="GBP", min_observations=5) is None


def test_description_names_each_row_and_the_highlight():
    rows, marker = CASES["range over a thin row"]
    chart = charts.range_chart(
        rows, title="t", unit="GBP", marker=marker, min_observations=MIN_OBSERVATIONS
    )
    assert chart is not None
    assert chart.description.startswith("Annual salary in GBP. Comparable postings: median 60,000")
    assert "Fewer: too few postings to show" in chart.description
    assert chart.description.endswith("this range: 30,000 to 41,000.")
