"""The platform fee as pure arithmetic: marginal tiers, currency conversion, rounding.

Amounts are integer minor units. Exact values stay Decimal until the one rounding, half up
to the minor unit, of the fee a release charges; so splitting a total into several releases
costs at most half a minor unit per release more or less than releasing it at once.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.money import exponent

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Tier:
    """``rate`` percent of billing up to the cumulative bound ``up_to``; None for the last."""

    up_to: int | None
    rate: Decimal


# The portal's defaults in GBP pence: 20% of the first 500, 7.5% to 5,000, 3.5% above.
DEFAULT_CURRENCY = "GBP"
DEFAULT_TIERS = (
    Tier(up_to=50_000, rate=Decimal("20")),
    Tier(up_to=500_000, rate=Decimal("7.5")),
    Tier(up_to=None, rate=Decimal("3.5")),
)


def ordered(tiers: Sequence[Tier]) -> list[Tier]:
    """The tiers by bound, the open-ended last; refuse a schedule that leaves a gap."""
    bounded = sorted((t for t in tiers if t.up_to is not None), key=lambda t: t.up_to or 0)
    last = [t for t in tiers if t.up_to is None]
    if len(last) != 1:
        raise ValueError("A fee schedule needs exactly one tier without an upper bound.")
    return [*bounded, *last]


def marginal_fee(tiers: Sequence[Tier], *, billed_before: int, amount: int) -> Decimal:
    """The exact fee on billing ``amount`` more after ``billed_before``, tier by tier."""
    fee = Decimal(0)
    low = billed_before
    high = billed_before + amount
    floor = 0
    for tier in ordered(tiers):
        ceiling = tier.up_to
        start = max(low, floor)
        end = high if ceiling is None else min(high, ceiling)
        if end > start:
            fee += Decimal(end - start) * tier.rate / HUNDRED
        if ceiling is not None:
            floor = ceiling
    return fee


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def convert(minor: Decimal | int, *, source: str, target: str, rate: Decimal) -> Decimal:
    """Exact minor units of ``target`` for ``minor`` of ``source``, 1 source = ``rate`` target."""
    major = Decimal(minor).scaleb(-exponent(source))
    return (major * rate).scaleb(exponent(target))


@dataclass(frozen=True)
class FeeQuote:
    fee: int  # in the release's currency
    billed: int  # the release in the schedule's currency, added to what the pair has billed


def release_fee(
    tiers: Sequence[Tier],
    *,
    billed_before: int,
    amount: int,
    currency: str,
    schedule_currency: str,
    rate: Decimal | None = None,
    conversion_percent: Decimal = Decimal(0),
) -> FeeQuote:
    """The fee on releasing ``amount`` of ``currency`` to a freelancer, never above ``amount``.

    ``billed_before`` is in the schedule's currency; a release in another currency converts
    at ``rate`` (one unit of ``currency`` in ``schedule_currency``), the fee converts back,
    and the conversion fee is a percentage of the release on top.
    """
    if currency == schedule_currency:
        exact = marginal_fee(tiers, billed_before=billed_before, amount=amount)
        return FeeQuote(fee=min(amount, round_half_up(exact)), billed=amount)
    if rate is None or rate <= 0:
        raise ValueError(f"Converting {currency} to {schedule_currency} needs a positive rate.")
    billed = round_half_up(convert(amount, source=currency, target=schedule_currency, rate=rate))
    in_schedule = marginal_fee(tiers, billed_before=billed_before, amount=billed)
    exact = convert(in_schedule, source=schedule_currency, target=currency, rate=1 / rate)
    exact += Decimal(amount) * conversion_percent / HUNDRED
    return FeeQuote(fee=min(amount, round_half_up(exact)), billed=billed)
