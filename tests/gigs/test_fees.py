"""The fee arithmetic: marginal tiers, rounding half up, conversion, against hand figures."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigs.fees import DEFAULT_TIERS, marginal_fee, release_fee, round_half_up
from tests.strategies import BOUNDED

amounts = st.integers(min_value=1, max_value=2_000_000)


def fee(billed_before: int, amount: int) -> int:
    return release_fee(
        DEFAULT_TIERS,
        billed_before=billed_before,
        amount=amount,
        currency="GBP",
        schedule_currency="GBP",
    ).fee


@pytest.mark.parametrize(
    ("billed_before", "amount", "expected"),
    [
        (0, 50_000, Decimal("10000")),  # 20% of GBP 500
        (0, 50_001, Decimal("10000.075")),  # the first penny above 500 at 7.5%
        (50_000, 450_000, Decimal("33750")),  # 7.5% of the 4,500 up to 5,000
        (0, 500_000, Decimal("43750")),
        (0, 500_001, Decimal("43750.035")),  # the first penny above 5,000 at 3.5%
        (500_000, 100_000, Decimal("3500")),
        (40_000, 20_000, Decimal("2750")),  # 100 at 20% and 100 at 7.5%
    ],
)
def test_tier_boundaries_are_exact(billed_before, amount, expected):
    """Each tier's rate applies exactly up to its bound and the next one from there."""
    assert marginal_fee(DEFAULT_TIERS, billed_before=billed_before, amount=amount) == expected


def test_rounding_is_half_up():
    """Half a minor unit rounds up, less rounds down."""
    assert round_half_up(Decimal("2.5")) == 3
    assert round_half_up(Decimal("2.49")) == 2
    assert fee(0, 3) == 1  # 0.6 pence
    assert fee(0, 2) == 0  # 0.4 pence


def test_other_currency_converts_and_adds_the_conversion_fee():
    """USD 100 at 0.8 bills GBP 80 (20% = 16 GBP = 20 USD) plus 2% of USD 100."""
    quote = release_fee(
        DEFAULT_TIERS,
        billed_before=0,
        amount=10_000,
        currency="USD",
        schedule_currency="GBP",
        rate=Decimal("0.8"),
        conversion_percent=Decimal("2"),
    )
    assert quote.billed == 8_000
    assert quote.fee == 2_000 + 200


def test_conversion_between_exponents():
    """JPY has no minor unit: JPY 1,000 at 0.005 GBP is 500 pence."""
    quote = release_fee(
        DEFAULT_TIERS,
        billed_before=0,
        amount=1_000,
        currency="JPY",
        schedule_currency="GBP",
        rate=Decimal("0.005"),
    )
    assert quote.billed == 500
    assert quote.fee == 200  # 20% of 1,000 yen


@BOUNDED
@given(parts=st.lists(amounts, min_size=1, max_size=8), before=st.integers(0, 1_000_000))
def test_split_releases_cost_the_same_as_one(parts, before):
    """Releasing a total in parts costs the fee on the whole, within a unit per release."""
    billed, paid = before, 0
    for part in parts:
        paid += fee(billed, part)
        billed += part
    assert abs(paid - fee(before, sum(parts))) <= len(parts)


@BOUNDED
@given(amount=amounts, more=amounts, before=st.integers(0, 1_000_000))
def test_fee_is_monotonic_and_bounded(amount, more, before):
    """A larger release never costs less, and no fee exceeds what it is charged on."""
    assert 0 <= fee(before, amount) <= amount
    assert fee(before, amount) <= fee(before, amount + more)


@BOUNDED
@given(amount=amounts, before=st.integers(0, 1_000_000), more=st.integers(1, 1_000_000))
def test_rate_never_rises_with_billing(amount, before, more):
    """The same release costs no more once the pair has billed more (tiers decrease)."""
    assert fee(before + more, amount) <= fee(before, amount)
