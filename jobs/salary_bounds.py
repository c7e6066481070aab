"""Plausible salaries: the one bound every way a salary enters the board applies."""

from __future__ import annotations

from core.money import exponent, is_currency
from core.taxonomy import PERIODS_PER_YEAR, SalaryPeriod

# No real base salary reaches ten million US dollars a year. Each currency's ceiling is that
# sum, priced generously: ten million times its units per US dollar rounded up to a power of
# ten (its magnitude), so that a currency that loses value keeps room for years. A currency
# not listed takes one to ten units to make a dollar (magnitude 1). A ceiling never passes
# 10**13 whole units, 10**16 minor units, so an annualized amount fits a 64-bit column.
CEILING_DOLLARS_DIGITS = 7
DEFAULT_MAGNITUDE = 1
_MAGNITUDES: dict[str, int] = {
    **dict.fromkeys(
        ["USD", "EUR", "GBP", "CHF", "BHD", "KWD", "OMR", "JOD", "KYD", "GIP", "FKP", "SHP",
         "PAB", "BSD", "BMD"], 0,
    ),
    **dict.fromkeys(
        ["AFN", "ALL", "BTN", "BWP", "CUP", "CZK", "DOP", "ERN", "GHS", "GMD", "HNL", "INR",
         "KGS", "MAD", "MDL", "MKD", "MRU", "MUR", "MVR", "MXN", "MZN", "LSL", "NAD", "NIO",
         "NOK", "PHP", "SCR", "SEK", "SLE", "SRD", "STN", "SZL", "THB", "TJS", "TWD", "UAH",
         "UYU", "ZAR", "ZMW", "ZWG"], 2,
    ),
    **dict.fromkeys(
        ["AMD", "AOA", "BDT", "CLP", "CRC", "CVE", "DJF", "DZD", "EGP", "ETB", "GYD", "HTG",
         "HUF", "ISK", "JMD", "JPY", "KES", "KMF", "KPW", "KZT", "LKR", "LRD", "NPR", "PKR",
         "RSD", "RUB", "SOS", "TRY", "VES", "VUV", "XAF", "XOF", "XPF", "YER"], 3,
    ),
    **dict.fromkeys(
        ["ARS", "BIF", "CDF", "COP", "GNF", "IQD", "KHR", "KRW", "MGA", "MMK", "MNT", "MWK",
         "NGN", "PYG", "RWF", "SDG", "TZS", "UGX"], 4,
    ),
    **dict.fromkeys(["IDR", "LAK", "LBP", "SLL", "SSP", "SYP", "UZS", "VND"], 5),
    "IRR": 6,
}  # fmt: skip


def annual_ceiling(currency: str) -> int:
    """The highest plausible yearly salary in ``currency``, in whole units."""
    magnitude = _MAGNITUDES.get(currency.upper(), DEFAULT_MAGNITUDE)
    return 10 ** (CEILING_DOLLARS_DIGITS + magnitude)


def annual_ceiling_minor(currency: str) -> int:
    return annual_ceiling(currency) * 10 ** exponent(currency)


def ceiling_message(currency: str) -> str:
    return f"No salary comes to more than {annual_ceiling(currency):,} {currency.upper()} a year."


def amount_error(amount: int, *, currency: str, period: str) -> str | None:
    """What is implausible about one amount (minor units per ``period``), if anything.

    ``currency`` and ``period`` must be valid: their own checks report them otherwise.
    """
    if amount < 10 ** exponent(currency):
        return f"A salary is at least 1 {currency.upper()}."
    if amount * PERIODS_PER_YEAR[SalaryPeriod(period)] > annual_ceiling_minor(currency):
        return ceiling_message(currency)
    return None


def salary_errors(
    *, salary_min: int | None, salary_max: int | None, currency: str, period: str
) -> dict[str, str]:
    """What is implausible about a salary range (minor units per ``period``), by field.

    Each amount is at least one whole unit of the currency, the range does not run
    backwards, and neither end comes to more than the currency's ceiling in a year.
    An unknown currency or period is for the checks of those fields to report.
    """
    if not is_currency(currency) or period not in SalaryPeriod.values:
        return {}
    errors: dict[str, str] = {}
    for field, amount in (("salary_min", salary_min), ("salary_max", salary_max)):
        if amount is not None and (error := amount_error(amount, currency=currency, period=period)):
            errors[field] = error
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        errors.setdefault("salary_max", "The maximum salary is below the minimum.")
    return errors
