"""Reads of the freelance rate cells: the page, the API and the proposal form's hint.

Each page reads its cells in one query, so a refresh committing in between cannot mix
the old table with the new one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from careers.models import Skill
from gigs.domain import GigCategory
from gigs.models import Gig

from .currencies import Available
from .models import MIN_OBSERVATIONS, FreelanceRateCell
from .rates import ALL_CATEGORIES


@dataclass(frozen=True)
class RateKey:
    """A position among the rate cells; None for "all" categories or skills."""

    rate_type: str
    currency: str
    category: str | None = None
    skill_id: int | None = None

    def lookup(self) -> Q:
        return Q(
            rate_type=self.rate_type,
            currency=self.currency,
            category=self.category or ALL_CATEGORIES,
            skill_id=self.skill_id,
        )


def _cells() -> QuerySet[FreelanceRateCell]:
    return FreelanceRateCell.objects.select_related("skill")


def busiest(
    *, rate_type: str | None, currency: str | None, category: str | None, skill_id: int | None
) -> tuple[str, str] | None:
    """The (rate type, currency) with the most observations at this category and skill,
    among those given; None when no cell matches."""
    position = Q(category=category or ALL_CATEGORIES, skill_id=skill_id)
    cells = FreelanceRateCell.objects.filter(position)
    if rate_type:
        cells = cells.filter(rate_type=rate_type)
    if currency:
        cells = cells.filter(currency=currency)
    found = cells.order_by("-n", "rate_type", "currency").values_list("rate_type", "currency")
    return found.first()


def currencies_at(
    *, rate_type: str | None, category: str | None, skill_id: int | None
) -> Available:
    """The currencies of the cells at this category and skill (of ``rate_type``, if given)."""
    cells = FreelanceRateCell.objects.filter(
        Q(category=category or ALL_CATEGORIES, skill_id=skill_id)
    )
    if rate_type:
        cells = cells.filter(rate_type=rate_type)
    busiest: dict[str, int] = {}
    # Hourly and fixed cells of one currency: the busier one ranks it.
    for code, n in cells.order_by("-n", "currency").values_list("currency", "n"):
        busiest.setdefault(code, n)
    return Available.from_counts(busiest.items())


def currencies() -> list[str]:
    """Currencies with an observation, busiest first."""
    rows = FreelanceRateCell.objects.filter(category=ALL_CATEGORIES, skill__isnull=True)
    ordered = rows.order_by("-n", "currency").values_list("currency", flat=True)
    return list(dict.fromkeys(ordered))


def skills() -> list[Skill]:
    """Skills of at least one cell, by name."""
    return list(
        Skill.objects.filter(pk__in=FreelanceRateCell.objects.values("skill_id")).order_by("name")
    )


def cell_for(key: RateKey) -> FreelanceRateCell | None:
    return _cells().filter(key.lookup()).first()


def category_breakdown(key: RateKey) -> Q:
    """Cells at ``key`` except the category, which takes each of its values."""
    return Q(rate_type=key.rate_type, currency=key.currency, skill_id=key.skill_id) & ~Q(
        category=ALL_CATEGORIES
    )


def skill_breakdown(key: RateKey) -> Q:
    """Cells at ``key`` except the skill, which takes each of its values."""
    return Q(
        rate_type=key.rate_type,
        currency=key.currency,
        category=key.category or ALL_CATEGORIES,
        skill__isnull=False,
    )


def currency_breakdown(key: RateKey) -> Q:
    """The cell at ``key``'s category and skill in every currency."""
    return Q(
        rate_type=key.rate_type, category=key.category or ALL_CATEGORIES, skill_id=key.skill_id
    )


CATEGORY_ORDER = {value: position for position, value in enumerate(GigCategory.values)}


def ordered(dimension: str, cells: list[FreelanceRateCell]) -> list[FreelanceRateCell]:
    """Categories in their menu order, skills by name, currencies busiest first."""
    if dimension == "category":
        return sorted(cells, key=lambda cell: CATEGORY_ORDER.get(cell.category, 99))
    if dimension == "skill":
        return sorted(cells, key=lambda cell: cell.skill.name if cell.skill else "")
    return sorted(cells, key=lambda cell: (-cell.n, cell.currency))


def breakdown(key: RateKey, dimension: str) -> list[FreelanceRateCell]:
    queries = {
        "category": category_breakdown,
        "skill": skill_breakdown,
        "currency": currency_breakdown,
    }
    return ordered(dimension, list(_cells().filter(queries[dimension](key))))


@dataclass
class PageCells:
    """What the rates page shows: the chosen cell and its breakdowns by category and skill."""

    key: RateKey
    cell: FreelanceRateCell | None
    by_category: list[FreelanceRateCell]
    by_skill: list[FreelanceRateCell]


def page_cells(key: RateKey) -> PageCells:
    """The cell at ``key`` and its breakdowns, read in one query."""
    rows = list(_cells().filter(key.lookup() | category_breakdown(key) | skill_breakdown(key)))
    chosen = next(
        (
            cell
            for cell in rows
            if cell.category == (key.category or ALL_CATEGORIES) and cell.skill_id == key.skill_id
        ),
        None,
    )
    by_category = [
        cell for cell in rows if cell.category != ALL_CATEGORIES and cell.skill_id == key.skill_id
    ]
    by_skill = [
        cell
        for cell in rows
        if cell.skill_id is not None and cell.category == (key.category or ALL_CATEGORIES)
    ]
    return PageCells(key, chosen, ordered("category", by_category), ordered("skill", by_skill))


def proposal_hint(gig: Gig) -> FreelanceRateCell | None:
    """The published cell of gigs like ``gig`` (category, budget type, currency, all skills)."""
    return FreelanceRateCell.objects.filter(
        rate_type=gig.budget_type,
        currency=gig.currency,
        category=gig.category,
        skill__isnull=True,
        n__gte=MIN_OBSERVATIONS,
    ).first()
