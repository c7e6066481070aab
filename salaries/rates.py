"""Freelance rate cells from the marketplace, computed by the benchmark refresh.

What counts (one implementation for every database: the data is small):

- An observation is an accepted proposal on a gig staff have not hidden. Its value is the
  proposal's price in minor units of the gig's currency: an hourly rate on an hourly gig, the
  whole price on a fixed-price gig, which makes the cell's rate type. Every accepted proposal
  counts, however old: proposals carry no date of acceptance of their own.
- Each observation counts once in each cell of its position: its gig's category and
  "all" categories, times each of its gig's skills and "all" skills. A proposal on a gig
  with three skills counts once in each of the three skill cells and once in the
  "all skills" cell, for its category and again for "all" categories (eight cells); a gig
  without skills counts only in "all skills" cells. Currencies and rate types never mix.
- Statistics are those of salary cells (salaries.stats, whole currency units, halves up),
  stored in minor units; a cell publishes from ``MIN_OBSERVATIONS`` observations up.

``observations`` is the one source of observations: purchased offers join it as one more
query when they exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from core.money import exponent
from gigs.domain import ProposalStatus
from gigs.models import Gig, Proposal

from .models import BenchmarkRefresh, FreelanceRateCell
from .stats import PERCENTILES, cell_stats

ALL_CATEGORIES = ""


class Observation(NamedTuple):
    category: str
    skill_ids: tuple[int, ...]
    rate_type: str
    currency: str
    value: int


class Position(NamedTuple):
    rate_type: str
    category: str
    skill_id: int | None
    currency: str


def observations() -> Iterator[Observation]:
    """Every observation: accepted proposals (two queries, whatever their number)."""
    accepted = Proposal.objects.filter(status=ProposalStatus.ACCEPTED, gig__is_hidden=False)
    columns = ("gig_id", "gig__category", "gig__budget_type", "gig__currency", "price")
    rows = list(accepted.values_list(*columns).order_by("pk"))
    skills: dict[int, list[int]] = defaultdict(list)
    pairs = Gig.skills.through.objects.filter(gig_id__in={row[0] for row in rows})
    for gig_id, skill_id in pairs.values_list("gig_id", "skill_id").order_by("skill_id"):
        skills[gig_id].append(skill_id)
    for gig_id, category, budget_type, currency, price in rows:
        yield Observation(category, tuple(skills[gig_id]), budget_type, currency, price)


def positions(observation: Observation) -> Iterator[Position]:
    """The cells one observation counts in (see the module's docstring)."""
    rate_type, currency = observation.rate_type, observation.currency
    for category in (observation.category, ALL_CATEGORIES):
        for skill_id in (*observation.skill_ids, None):
            yield Position(rate_type, category, skill_id, currency)


def compute(found: Iterator[Observation]) -> dict[Position, tuple[int | None, ...]]:
    """(n, mean, p10..p90) in minor units for every position with an observation."""
    values: dict[Position, list[int]] = defaultdict(list)
    for observation in found:
        for position in positions(observation):
            values[position].append(observation.value)
    cells = {}
    for position, amounts in values.items():
        n, *whole = cell_stats(amounts, position.currency)
        unit = 10 ** exponent(position.currency)
        cells[position] = (n, *(None if figure is None else figure * unit for figure in whole))
    return cells


def refresh_cells(refresh: BenchmarkRefresh) -> int:
    """Replace every rate cell with freshly computed ones, stamped with ``refresh``.

    Call inside the refresh's transaction, so readers see the old cells or the new ones.
    Returns the number of cells.
    """
    cells = compute(observations())
    FreelanceRateCell.objects.all().delete()
    FreelanceRateCell.objects.bulk_create(
        FreelanceRateCell(
            refresh=refresh,
            refreshed_at=refresh.refreshed_at,
            rate_type=position.rate_type,
            category=position.category,
            skill_id=position.skill_id,
            currency=position.currency,
            **dict(zip(("n", "mean", *(f"p{p}" for p in PERCENTILES)), stats, strict=True)),
        )
        for position, stats in cells.items()
    )
    return len(cells)
