"""The five dimensions of the salary benchmark cube and how a cell names its position in it.

A cell fixes each dimension to a value or leaves it at "all". Which dimensions are "all"
is kept as a bit set, ``grouping``, with the same bit order as PostgreSQL's
``GROUPING(level, country, industry, company_size, technical)``: the first dimension is
the highest bit, and a set bit means "all".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from core.countries import country_codes, country_name
from core.taxonomy import CompanySize, Industry, Level

DIMENSIONS = ("level", "country", "industry", "company_size", "technical")
ALL = "all"

# Every bit set: the cell of all observations in one currency.
GROUPING_ALL = (1 << len(DIMENSIONS)) - 1

DIMENSION_LABELS = {
    "level": "Level",
    "country": "Country",
    "industry": "Industry",
    "company_size": "Company size",
    "technical": "Technical role",
}
_CHOICES: dict[str, dict[str, str]] = {
    "level": dict(Level.choices),
    "industry": dict(Industry.choices),
    "company_size": dict(CompanySize.choices),
}
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def bit(dimension: str) -> int:
    return 1 << (len(DIMENSIONS) - 1 - DIMENSIONS.index(dimension))


def grouping_for(values: Mapping[str, Any]) -> int:
    """The bit set of a cell whose dimensions not in ``values`` (or None there) are "all"."""
    mask = 0
    for dimension in DIMENSIONS:
        if values.get(dimension) is None:
            mask |= bit(dimension)
    return mask


def label(dimension: str, value: Any) -> str:
    """How a page names one value of a dimension ("all" included)."""
    if value is None:
        return {
            "level": "All levels",
            "country": "All countries",
            "industry": "All industries",
            "company_size": "All company sizes",
            "technical": "Technical and not",
        }[dimension]
    if dimension == "country":
        return country_name(value) or value
    if dimension == "technical":
        return "Technical PM" if value else "Not technical"
    return _CHOICES[dimension].get(value, value)


def parse(dimension: str, raw: str | None) -> Any:
    """Return the value ``raw`` names (None for "all" or empty); ValidationError if unknown."""
    if raw is None:
        return None
    text = raw.strip()
    if text == "" or text.lower() == ALL:
        return None
    if dimension == "technical":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValidationError({dimension: f"'{text}' is not true, false or all."})
    if dimension == "country":
        code = text.upper()
        if code in country_codes():
            return code
        raise ValidationError({dimension: f"'{text}' is not an ISO 3166-1 alpha-2 country code."})
    value = text.lower()
    if value in _CHOICES[dimension]:
        return value
    known = ", ".join(_CHOICES[dimension])
    raise ValidationError({dimension: f"'{text}' is not a known {dimension}. Use one of: {known}."})


@dataclass(frozen=True)
class CellKey:
    """A position in the cube: each dimension a value or None ("all"), and a currency."""

    currency: str
    level: str | None = None
    country: str | None = None
    industry: str | None = None
    company_size: str | None = None
    technical: bool | None = None

    @property
    def grouping(self) -> int:
        return grouping_for(self.dimensions())

    def dimensions(self) -> dict[str, Any]:
        return {dimension: getattr(self, dimension) for dimension in DIMENSIONS}

    def lookup(self) -> dict[str, Any]:
        """Field lookups that find this cell among BenchmarkCell rows."""
        stored = {
            dimension: (value if value is not None else self._rolled_up(dimension))
            for dimension, value in self.dimensions().items()
        }
        return {"currency": self.currency, "grouping": self.grouping, **stored}

    def with_values(self, **values: Any) -> CellKey:
        return CellKey(**{"currency": self.currency, **self.dimensions(), **values})

    def describe(self) -> str:
        """'Senior · Germany · Technical PM': the dimensions that are not "all"."""
        parts = [
            label(dimension, value)
            for dimension, value in self.dimensions().items()
            if value is not None
        ]
        return " · ".join(parts) or "All postings"

    @staticmethod
    def _rolled_up(dimension: str) -> Any:
        # How a cell stores a dimension that is "all": its grouping bit says so.
        return False if dimension == "technical" else ""
