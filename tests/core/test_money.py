"""Money conversions: whole or decimal units to minor units, refusing what is not an amount."""

import pytest
from django.core.exceptions import ValidationError

from core.money import plain_amount, to_minor


def test_amounts_become_minor_units_rounding_half_up():
    assert to_minor("52913.005", "GBP") == 5_291_301
    assert to_minor(9_000_000, "JPY") == 9_000_000


@pytest.mark.parametrize("amount", ["1e30", "9" * 40])
def test_amounts_beyond_the_decimal_precision_are_a_validation_error(amount):
    """An amount too long to scale exactly is refused as bad input, not an arithmetic crash."""
    with pytest.raises(ValidationError, match="too large"):
        to_minor(amount, "USD")


@pytest.mark.parametrize(
    ("minor", "currency", "typed"),
    [
        (45_000, "USD", "450"),
        (45_050, "USD", "450.50"),
        (5_000, "JPY", "5000"),
        (1_234, "KWD", "1.234"),
        (1_200_000_000, "GBP", "12000000"),
        (0, "", "0"),
    ],
)
def test_plain_amounts_read_back_to_the_same_minor_units(minor, currency, typed):
    """An amount as a person types it: no code, no separators, and it converts back exactly."""
    assert plain_amount(minor, currency) == typed
    assert to_minor(typed, currency) == minor
