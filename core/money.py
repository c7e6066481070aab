"""Money as integer minor units plus an ISO 4217 code: validation, conversion, display."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pycountry
from django.core.exceptions import ValidationError

# ISO 4217 currencies whose minor unit is not a hundredth.
_EXPONENTS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0, "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip

# Digits an amount typed into a search filter may have: beyond any salary or price, and
# within what converting it to minor units and comparing it with a 64-bit column can take.
AMOUNT_DIGITS = 14


def is_currency(code: str) -> bool:
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None


def validate_currency(code: str) -> None:
    if not is_currency(code):
        raise ValidationError("%(code)s is not an ISO 4217 currency code.", params={"code": code})


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency.upper(), 2)


def to_minor(amount: Decimal | int | str, currency: str) -> int:
    """Whole or decimal currency units -> integer minor units, rounding half up."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation as error:
        raise ValidationError(f"{amount!r} is not a number.") from error
    if not value.is_finite():
        raise ValidationError(f"{amount!r} is not a number.")
    try:
        scaled = value.scaleb(exponent(currency)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        # Whole numbers of more digits than the decimal context's precision (1e30).
        raise ValidationError(f"{amount!r} is too large.") from None
    return int(scaled)


def to_major(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-exponent(currency))


def format_money(minor: int, currency: str) -> str:
    """'GBP 52,913' (whole units when the amount has no fraction, else with decimals)."""
    major = to_major(minor, currency)
    if major == major.to_integral_value():
        return f"{currency} {int(major):,}"
    return f"{currency} {major:,.{exponent(currency)}f}"


def plain_amount(minor: int, currency: str) -> str:
    """'52913' or '52913.50': the amount as a person types it, without code or separators."""
    major = to_major(minor, currency)
    if major == major.to_integral_value():
        return str(int(major))
    return str(major)
