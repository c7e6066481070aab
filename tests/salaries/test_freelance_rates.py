"""Freelance rate cells: counting rules and figures against an independent computation.

Expected figures come from the standard library's ``statistics.quantiles(method="inclusive")``
over exact fractions (linear interpolation between closest ranks, as NumPy's default), rounded
half up to whole currency units and given back in minor units, written here without the code
under test.
"""

import random
import statistics
from fractions import Fraction
from math import floor
from typing import Any

import pytest

from gigs.domain import BudgetType, GigCategory, ProposalStatus
from gigs.models import OfferOrder
from salaries import insights, rates
from salaries.models import BenchmarkRefresh, FreelanceRateCell
from salaries.services import benchmarks_refresh
from tests.accounts.factories import UserFactory
from tests.gigs.factories import GigFactory, OfferFactory, ProposalFactory
from tests.jobs.factories import SkillFactory

pytestmark = pytest.mark.django_db

UNITS = {"GBP": 100, "EUR": 100, "JPY": 1}


def expected(values: list[int], currency: str) -> dict[str, int | None]:
    """n, mean and percentiles in minor units, rounded to whole units, halves up."""
    unit = UNITS[currency]
    if len(values) < 5:
        return {"n": len(values), **dict.fromkeys(("mean", "p10", "p25", "p50", "p75", "p90"))}
    exact = [Fraction(value) for value in values]
    cuts = statistics.quantiles(exact, n=100, method="inclusive")

    def rounded(amount: Fraction) -> int:
        return floor(amount / unit + Fraction(1, 2)) * unit

    return {
        "n": len(values),
        "mean": rounded(statistics.mean(exact)),
        **{f"p{p}": rounded(cuts[p - 1]) for p in (10, 25, 50, 75, 90)},
    }


def accepted(price: int, **gig: Any):
    """An accepted proposal at ``price`` on a gig made of ``gig`` (skills=[...] allowed)."""
    return ProposalFactory.create(
        gig=GigFactory.create(**gig), price=price, status=ProposalStatus.ACCEPTED
    )


def bought(total: int, *, currency: str = "GBP", hidden: bool = False, **offer: Any):
    """A bought offer whose order came to ``total`` (extras included), on an offer made of
    ``offer`` (skills=[...] allowed)."""
    skills = offer.pop("skills", [])
    sold = OfferFactory.create(currency=currency, is_hidden=hidden, **offer)
    sold.skills.set(skills)
    return OfferOrder.objects.create(
        offer=sold,
        buyer=UserFactory.create(),
        title=sold.title,
        base_price=sold.price,
        total=total,
        currency=currency,
        delivery_days=sold.delivery_days,
    )


def found(**position: Any) -> dict[str, int | None]:
    lookup = {"category": "", "skill": None, "rate_type": BudgetType.HOURLY, **position}
    cell = FreelanceRateCell.objects.get(**lookup)
    return {"n": cell.n, **cell.stats}


def test_cells_match_an_independent_computation():
    """Every cell, rollups included, across categories, skills, rate types and currencies."""
    rng = random.Random(15)
    skills = [SkillFactory.create(name=f"Skill {n}") for n in range(3)]
    rows = []
    for _ in range(70):
        category = rng.choice([GigCategory.DISCOVERY, GigCategory.ANALYTICS])
        rate_type = rng.choice([BudgetType.HOURLY, BudgetType.FIXED])
        currency = rng.choice(["GBP", "EUR", "JPY"])
        chosen = rng.sample(skills, rng.randrange(0, 4))
        # Odd minor units and repeated prices make half units and equal neighbours.
        price = rng.choice([5_001, 7_550, 12_375, 250_000]) + rng.randrange(0, 40_000, 25)
        accepted(price, category=category, budget_type=rate_type, currency=currency, skills=chosen)
        rows.append((category, {s.pk for s in chosen}, rate_type, currency, price))
    benchmarks_refresh()
    cells = list(FreelanceRateCell.objects.all())
    published = 0
    for cell in cells:
        values = [
            price
            for category, skill_ids, rate_type, currency, price in rows
            if rate_type == cell.rate_type
            and currency == cell.currency
            and cell.category in ("", category)
            and (cell.skill_id is None or cell.skill_id in skill_ids)
        ]
        assert {"n": cell.n, **cell.stats} == expected(values, cell.currency), cell
        published += cell.published
    # Every (rate type, currency) pair, each with both categories and three skills.
    assert len(cells) == 2 * 3 * 3 * 4
    assert published >= 20


def test_a_proposal_counts_once_per_skill_and_once_in_all_skills():
    """Three skills: eight cells of n=1 (each skill and 'all', for its category and 'all')."""
    skills = [SkillFactory.create(name=f"Skill {n}") for n in range(3)]
    accepted(9_000, category=GigCategory.ANALYTICS, budget_type="hourly", skills=skills)
    benchmarks_refresh()
    cells = FreelanceRateCell.objects.all()
    assert sorted((c.category, c.skill_id or 0, c.n) for c in cells) == sorted(
        (category, skill_id, 1)
        for category in ("", GigCategory.ANALYTICS)
        for skill_id in (0, *(s.pk for s in skills))
    )


def test_only_accepted_proposals_on_visible_gigs_count():
    """Submitted, shortlisted, declined, withdrawn and hidden gigs' proposals are left out."""
    accepted(10_000, budget_type="hourly")
    for status in (
        ProposalStatus.SUBMITTED,
        ProposalStatus.SHORTLISTED,
        ProposalStatus.DECLINED,
        ProposalStatus.WITHDRAWN,
    ):
        ProposalFactory.create(
            gig=GigFactory.create(budget_type="hourly"), price=99_000, status=status
        )
    accepted(99_000, budget_type="hourly", is_hidden=True)
    assert [o.value for o in rates.observations()] == [10_000]
    benchmarks_refresh()
    assert found(currency="GBP")["n"] == 1


def test_four_proposals_stay_unpublished_and_a_fifth_publishes():
    """n=4 keeps only n; the fifth gives the figures, in minor units of whole pounds."""
    for pounds in (60, 70, 80, 90):
        accepted(pounds * 100, budget_type="hourly")
    benchmarks_refresh()
    assert found(currency="GBP") == expected([6_000, 7_000, 8_000, 9_000], "GBP")
    assert found(currency="GBP")["p50"] is None
    accepted(10_050, budget_type="hourly")
    benchmarks_refresh()
    # Median 80; mean 80.10 -> 80; p75 = 90 + 0 -> 90; p90 = 90 + 0.6 * 10.50 = 96.30 -> 96.
    assert found(currency="GBP") == {
        "n": 5, "mean": 8_000, "p10": 6_400, "p25": 7_000, "p50": 8_000, "p75": 9_000,
        "p90": 9_600,
    }  # fmt: skip


def test_rate_types_and_currencies_never_mix():
    """An hourly GBP rate and a fixed GBP price, and an hourly EUR rate, make three cubes."""
    accepted(9_000, budget_type="hourly", currency="GBP")
    accepted(300_000, budget_type="fixed", currency="GBP")
    accepted(8_000, budget_type="hourly", currency="EUR")
    benchmarks_refresh()
    assert found(currency="GBP")["n"] == 1
    assert found(currency="GBP", rate_type="fixed")["n"] == 1
    assert found(currency="EUR")["n"] == 1
    assert FreelanceRateCell.objects.count() == 6


def test_refresh_twice_gives_the_same_rate_table():
    """A second refresh over the same proposals rebuilds identical cells, stamped anew."""
    for price in range(6_000, 12_000, 700):
        accepted(price, budget_type="hourly", category=GigCategory.DISCOVERY)

    def table():
        return sorted(
            (c.rate_type, c.category, c.skill_id or 0, c.currency, c.n, *c.stats.values())
            for c in FreelanceRateCell.objects.all()
        )

    benchmarks_refresh()
    before = table()
    second = benchmarks_refresh()
    assert table() == before
    assert set(FreelanceRateCell.objects.values_list("refresh_id", flat=True)) == {second.pk}


def test_failed_refresh_leaves_the_previous_rate_table(monkeypatch):
    """A refresh that dies midway leaves the rate cells of the previous one."""
    accepted(9_000, budget_type="hourly")
    previous = benchmarks_refresh()
    accepted(12_000, budget_type="hourly")

    def crash(**kwargs):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(insights, "compute", crash)
    with pytest.raises(RuntimeError):
        benchmarks_refresh()
    assert found(currency="GBP")["n"] == 1
    assert set(FreelanceRateCell.objects.values_list("refresh_id", flat=True)) == {previous.pk}
    assert BenchmarkRefresh.objects.get() == previous


def test_observations_cost_four_queries(django_assert_num_queries):
    """Reading observations does not grow with proposals or skills: two queries for the
    proposals and their gigs' skills, two for the bought offers and theirs."""
    skills = [SkillFactory.create(name=f"Skill {n}") for n in range(3)]
    for price in (9_000, 9_500, 10_000):
        accepted(price, budget_type="hourly", skills=skills)
        bought(price * 4, skills=skills)
    with django_assert_num_queries(4):
        assert len(list(rates.observations())) == 6


def test_bought_offers_count_as_fixed_prices_at_their_order_total():
    """Five orders of strategy offers (extras included in the total) publish a fixed cell
    beside the proposals; an order of an offer staff hid counts nowhere."""
    skill = SkillFactory.create(name="Roadmapping")
    totals = [40_000, 45_000, 52_500, 61_000, 70_000]
    for total in totals:
        bought(total, category=GigCategory.STRATEGY, skills=[skill])
    bought(999_999, category=GigCategory.STRATEGY, skills=[skill], hidden=True)
    benchmarks_refresh()
    for position in ({"category": GigCategory.STRATEGY}, {"skill": skill}, {}):
        cell = found(rate_type=BudgetType.FIXED, **position)
        assert cell == expected(totals, "GBP")
