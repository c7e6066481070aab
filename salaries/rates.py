"""Freelance rate cells from the marketplace, computed by the benchmark refresh.

What counts (one implementation for every database: the data is small):

- An observation is a hire: an accepted proposal on a gig staff have not hidden, or a bought
  offer staff have not hidden. A proposal's value is its price in minor units of the gig's
  currency: an hourly rate on an hourly gig, the whole price on a fixed-price gig, which
  makes the cell's rate type. A bought offer is a fixed price: the order's total, extras
  included, in its currency. Every hire counts, however old: proposals carry no date of
  acceptance of their own.
- Each observation counts once in each cell of its position: its gig's (or offer's)
  category and "all" categories, times each of its skills and "all" skills. A proposal on a gig
  with three skills counts once in each of the three skill cells and once in the
  "all skills" cell, for its category and again for "all" categories (eight cells); a gig
  without skills counts only in "all skills" cells. Currencies and rate types never mix.
- Statistics are those of salary cells (salaries.stats, whole currency units, halves up),
  stored in minor units; a cell publishes from ``MIN_OBSERVATIONS`` observations up.

``observations`` is the one source of observations.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from django.db.models import Model

from core.money import exponent
from gigs.domain import BudgetType, ProposalStatus
from gigs.models import Gig, Offer, OfferOrder, Proposal

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
    """Every observation: accepted proposals, then bought offers (four queries in all)."""
    accepted = Proposal.objects.filter(status=ProposalStatus.ACCEPTED, gig__is_hidden=False)
    columns = ("gig_id", "gig__category", "gig__budget_type", "gig__currency", "price")
    rows = list(accepted.values_list(*columns).order_by("pk"))
    skills = _skills(Gig.skills.through, "gig_id", {row[0] for row in rows})
    for gig_id, category, budget_type, currency, price in rows:
        yield Observation(category, skills[gig_id], budget_type, currency, price)
    bought = OfferOrder.objects.filter(offer__is_hidden=False)
    orders = list(
        bought.values_list("offer_id", "offer__category", "currency", "total").order_by("pk")
    )
    skills = _skills(Offer.skills.through, "offer_id", {row[0] for row in orders})
    for offer_id, category, currency, total in orders:
        yield Observation(category, skills[offer_id], BudgetType.FIXED, currency, total)


def _skills(through: type[Model], key: str, ids: set[int]) -> dict[int, tuple[int, ...]]:
    """The skill ids of each of ``ids`` through an m2m table, in skill order."""
    found: dict[int, list[int]] = defaultdict(list)
    pairs = through._default_manager.filter(**{f"{key}__in": ids})
    for owner_id, skill_id in pairs.values_list(key, "skill_id").order_by("skill_id"):
        found[owner_id].append(skill_id)
    return defaultdict(tuple, {owner: tuple(skills) for owner, skills in found.items()})


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
