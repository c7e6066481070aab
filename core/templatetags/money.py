"""Money in templates: integer minor units and a currency code, shown as core.money shows them."""

from django import template

from core.money import format_money

register = template.Library()


@register.filter
def money(minor: int, currency: str) -> str:
    """'GBP 1,250.50' for ``{{ amount|money:"GBP" }}``."""
    return format_money(minor, currency)


@register.filter
def signed_money(minor: int, currency: str) -> str:
    """'+GBP 20' or '−GBP 20': a statement line's direction with its amount."""
    sign = "+" if minor > 0 else "−"
    return f"{sign}{format_money(abs(minor), currency)}"
