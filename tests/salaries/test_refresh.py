"""The benchmark refresh against DESIGN.md's semantics, on whichever database the suite runs.

Expected figures come from an independent computation: the standard library's
``statistics.quantiles(method="inclusive")`` over exact fractions (linear interpolation
between closest ranks, as NumPy's default), rounded half up to whole currency units here.
"""

import random
import statistics
from datetime import timedelta
from fractions import Fraction
from math import floor
from typing import Any

import pytest
from django.utils import timezone

from core.taxonomy import CompanySize, Industry, Level, SalaryPeriod
from jobs.domain import PostingStatus
from salaries import insights, services
from salaries.dimensions import CellKey, bit
from salaries.models import BenchmarkCell, BenchmarkRefresh, SalaryObservation
from salaries.services import benchmarks_refresh

from .factories import salaried

pytestmark = pytest.mark.django_db

UNITS = {"GBP": 100, "EUR": 100, "JPY": 1, "BHD": 1000}


def expected_stats(values: list[int], currency: str) -> dict[str, int]:
    """n, mean and percentiles of minor-unit values, independently of the code under test."""
    unit = UNITS[currency]
    exact = [Fraction(value) for value in values]
    cuts = statistics.quantiles(exact, n=100, method="inclusive")

    def whole(amount: Fraction) -> int:
        return floor(amount / unit + Fraction(1, 2))

    return {
        "n": len(values),
        "mean": whole(statistics.mean(exact)),
        **{f"p{p}": whole(cuts[p - 1]) for p in (10, 25, 50, 75, 90)},
    }


def cell(**key) -> BenchmarkCell:
    return BenchmarkCell.objects.get(**CellKey(**key).lookup())


def cell_stats(found: BenchmarkCell) -> dict[str, int | None]:
    return {"n": found.n, **found.stats}


def test_percentiles_match_an_independent_computation():
    """Every published cell's n, mean and percentiles equal the reference, exactly."""
    rng = random.Random(4)
    rows: list[dict[str, Any]] = []
    for _ in range(90):
        level = rng.choice([Level.MID, Level.SENIOR])
        technical = rng.random() < 0.4
        industry = rng.choice([Industry.SOFTWARE, Industry.BFSI])
        # Odd minor-unit bounds make half minor units, ties make equal neighbours.
        low = rng.choice([5_000_001, 6_000_050, 7_250_075]) + rng.randrange(0, 2_000_000, 25)
        high = low + rng.randrange(0, 1_500_001)
        salaried(low, high, level=level, technical=technical, industry=industry)
        rows.append(
            {
                "level": level,
                "technical": technical,
                "industry": industry,
                "value": (low + high + 1) // 2,
            }
        )
    benchmarks_refresh()
    checked = 0
    for found in BenchmarkCell.objects.filter(currency="GBP", n__gte=5):
        key = found.key
        values = [
            row["value"]
            for row in rows
            if all(
                getattr(key, dimension) in (None, row[dimension])
                for dimension in ("level", "technical", "industry")
            )
        ]
        assert cell_stats(found) == expected_stats(values, "GBP"), key.describe()
        checked += 1
    assert checked >= 20


def test_interpolated_halves_round_up_to_whole_units():
    """Percentiles landing on half a unit round up; the mean of odd totals too."""
    for pounds in (100, 101, 102, 103, 104, 105):
        salaried(pounds * 100)
    benchmarks_refresh()
    found = cell(currency="GBP")
    # p50 = 102.5 -> 103; p25 = 101.25 -> 101; p75 = 103.75 -> 104; p10 = 100.5 -> 101.
    assert cell_stats(found) == {
        "n": 6, "mean": 103, "p10": 101, "p25": 101, "p50": 103, "p75": 104, "p90": 105
    }  # fmt: skip
    assert cell_stats(found) == expected_stats([p * 100 for p in range(100, 106)], "GBP")


@pytest.mark.parametrize("currency", ["JPY", "BHD"])
def test_whole_units_follow_the_currency_minor_unit(currency):
    """JPY has no minor unit and BHD has thousandths: stats are whole yen and whole dinars."""
    values = [9_500_000, 9_750_000, 10_000_000, 11_111_111, 12_345_679]
    for value in values:
        salaried(value, currency=currency, country="JP" if currency == "JPY" else "BH")
    benchmarks_refresh()
    assert cell_stats(cell(currency=currency)) == expected_stats(values, currency)


def test_value_is_the_annualized_midpoint_or_the_single_bound():
    """Midpoint of min and max (half minor units up), one bound alone, periods annualized."""
    salaried(6_000_000, 8_000_001)
    salaried(7_000_000, None)
    salaried(None, 9_000_000)
    salaried(5_000, 6_000, period=SalaryPeriod.HOUR)
    salaried(500_000, period=SalaryPeriod.MONTH)
    salaried(30_000, period=SalaryPeriod.DAY)
    salaried(150_000, period=SalaryPeriod.WEEK)
    benchmarks_refresh()
    values = sorted(SalaryObservation.objects.values_list("value", flat=True))
    assert values == sorted(
        [7_000_001, 7_000_000, 9_000_000, 5_500 * 2080, 500_000 * 12, 30_000 * 260, 150_000 * 52]
    )


def test_only_live_or_expired_originals_with_a_salary_count():
    """Drafts, pending, rejected, filled, archived, duplicates and unpaid postings are left out."""
    kept = [
        salaried(6_000_000),
        salaried(6_500_000, status=PostingStatus.EXPIRED),
    ]
    original = kept[0]
    for status in (
        PostingStatus.DRAFT,
        PostingStatus.PENDING,
        PostingStatus.REJECTED,
        PostingStatus.FILLED,
        PostingStatus.ARCHIVED,
    ):
        salaried(7_000_000, status=status)
    salaried(7_000_000, duplicate_of=original)
    salaried(None, currency="")
    benchmarks_refresh()
    assert set(SalaryObservation.objects.values_list("posting_id", flat=True)) == {
        posting.pk for posting in kept
    }


def test_window_keeps_postings_of_the_last_salary_window_days(settings):
    """A posting older than SALARY_WINDOW_DAYS counts in no cell; a newer one does."""
    settings.SALARY_WINDOW_DAYS = 30
    now = timezone.now()
    salaried(6_000_000, posted_at=now - timedelta(days=29, hours=23))
    salaried(9_000_000, posted_at=now - timedelta(days=30, minutes=1))
    refresh = benchmarks_refresh(now=now)
    assert (refresh.window_days, refresh.observations) == (30, 1)
    assert cell(currency="GBP").n == 1


def test_cells_below_five_observations_keep_n_only():
    """Four observations make a stored but unpublished cell; a fifth publishes it."""
    for value in (6_000_000, 6_100_000, 6_200_000, 6_300_000):
        salaried(value, level=Level.SENIOR)
    salaried(5_000_000, level=Level.MID)
    benchmarks_refresh()
    thin = cell(currency="GBP", level=Level.SENIOR)
    assert (thin.n, thin.published, thin.p50, thin.mean) == (4, False, None, None)
    assert cell(currency="GBP").published
    salaried(6_400_000, level=Level.SENIOR)
    benchmarks_refresh()
    assert cell(currency="GBP", level=Level.SENIOR).p50 == 62_000


def test_a_published_cell_counts_none_of_its_unpublished_neighbours_values():
    """Between two published levels, a level of two observations changes neither's figures."""
    values = {Level.MID: [5_000_000, 5_100_000, 5_200_000, 5_300_000, 5_400_000]}
    values[Level.SENIOR] = [9_000_000, 9_900_000]
    values[Level.LEAD] = [7_000_000, 7_000_001, 7_100_000, 7_200_000, 7_300_000, 7_700_000]
    for level, amounts in values.items():
        for amount in amounts:
            salaried(amount, level=level)
    benchmarks_refresh()
    for level in (Level.MID, Level.LEAD):
        assert cell_stats(cell(currency="GBP", level=level)) == expected_stats(values[level], "GBP")
    assert cell(currency="GBP", level=Level.SENIOR).mean is None


def test_cube_has_every_combination_with_all():
    """Each observation counts in all 32 cells of its position; 'all' cells sum each value."""
    salaried(6_000_000, level=Level.MID, technical=True, industry=Industry.BFSI)
    salaried(7_000_000, level=Level.SENIOR, technical=False, industry=Industry.SOFTWARE)
    benchmarks_refresh()
    assert cell(currency="GBP").n == 2
    assert cell(currency="GBP", country="GB", company_size=CompanySize.SMALL_MID).n == 2
    assert cell(currency="GBP", technical=True).n == 1
    assert cell(currency="GBP", level=Level.SENIOR, industry=Industry.SOFTWARE).n == 1
    full = cell(
        currency="GBP",
        level=Level.MID,
        country="GB",
        industry=Industry.BFSI,
        company_size=CompanySize.SMALL_MID,
        technical=True,
    )
    assert full.n == 1
    # Two postings differing in level, technical flag and industry: 2^5 + 2^5 - 2^2 cells.
    assert BenchmarkCell.objects.count() == 60
    assert not BenchmarkCell.objects.filter(
        currency="GBP", grouping=0, level=Level.MID, industry=Industry.SOFTWARE
    ).exists()


def test_currencies_make_separate_cubes():
    """A posting paid in EUR never mixes into GBP cells, even in the same country."""
    salaried(6_000_000, currency="GBP")
    salaried(6_000_000, currency="EUR")
    benchmarks_refresh()
    assert cell(currency="GBP", country="GB").n == 1
    assert cell(currency="EUR", country="GB").n == 1


def test_unknown_company_size_counts_only_where_size_is_all():
    """A company without a size adds to 'all sizes' cells and makes no blank-size cell."""
    salaried(6_000_000, size="")
    salaried(6_000_000, size=CompanySize.LARGE)
    benchmarks_refresh()
    assert cell(currency="GBP").n == 2
    assert cell(currency="GBP", company_size=CompanySize.LARGE).n == 1
    size_bit = bit("company_size")
    cells = BenchmarkCell.objects.all()
    assert not [c for c in cells if c.company_size == "" and not c.grouping & size_bit]
    sized = BenchmarkCell.objects.filter(grouping=0)
    assert list(sized.values_list("company_size", flat=True)) == [CompanySize.LARGE]


def test_refresh_twice_gives_the_same_table():
    """Running the refresh again over the same postings rebuilds identical cells."""
    for value in range(5_000_000, 7_000_000, 150_001):
        salaried(value, level=random.Random(value).choice([Level.MID, Level.SENIOR]))
    now = timezone.now()

    def table():
        return sorted(
            (c.currency, c.grouping, c.level, c.country, c.industry, c.company_size,
             c.technical, c.n, c.mean, c.p10, c.p25, c.p50, c.p75, c.p90)
            for c in BenchmarkCell.objects.all()
        )  # fmt: skip

    first = benchmarks_refresh(now=now)
    before = table()
    second = benchmarks_refresh(now=now)
    assert table() == before
    assert second.cells == first.cells
    assert set(BenchmarkCell.objects.values_list("refresh_id", flat=True)) == {second.pk}


def test_failed_refresh_leaves_the_previous_table(monkeypatch):
    """A refresh that dies after writing new cells rolls back to the previous table."""
    salaried(6_000_000)
    previous = benchmarks_refresh()
    salaried(9_000_000)

    def crash(**kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(insights, "compute", crash)
    with pytest.raises(RuntimeError):
        benchmarks_refresh()
    assert cell(currency="GBP").n == 1
    assert set(BenchmarkCell.objects.values_list("refresh_id", flat=True)) == {previous.pk}
    assert BenchmarkRefresh.objects.get() == previous


def test_older_refreshes_are_trimmed_and_only_the_newest_keeps_cells(monkeypatch):
    """A refresh keeps REFRESH_HISTORY records; cells belong to the newest, and deleting a
    refresh deletes its cells."""
    monkeypatch.setattr(services, "REFRESH_HISTORY", 2)
    salaried(5_000_000)
    kept = [benchmarks_refresh().pk for _ in range(3)][1:]
    assert sorted(BenchmarkRefresh.objects.values_list("pk", flat=True)) == kept
    assert set(BenchmarkCell.objects.values_list("refresh_id", flat=True)) == {kept[-1]}
    BenchmarkRefresh.objects.get(pk=kept[-1]).delete()
    assert not BenchmarkCell.objects.exists()
