"""What the boards' filter sets share: the search filters, the amount rule, the query value.

``jobs.filters.PostingFilter`` and ``gigs.filters.GigFilter`` parse and render their boards'
query strings. Each names its query value (``query_class``) and its amount filter; the
keywords, currency and period filters, the currency rule and the "Filters (n)" count are
written once here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar, Generic, Literal, Protocol, Self, TypeVar

import django_filters as filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from core.money import is_currency
from core.validators import validate_single_line

POSTED_WITHIN_CHOICES = [(1, "Last 24 hours"), (3, "Last 3 days"), (7, "Last week"),
                         (14, "Last 2 weeks"), (30, "Last 30 days")]  # fmt: skip
# Query string keys that set no filter folded under "Filters": the "Filters (n)" count
# leaves them out.
NOT_FILTERS = frozenset({"q", "where", "sort", "currency", "cursor", "page"})


class QueryValue(Protocol):
    """A board's query value (``jobs.search.BoardQuery``, ``gigs.search.GigQuery``)."""

    @classmethod
    def from_form(cls, data: Mapping[str, Any], *, now: datetime) -> Self: ...

    def filter(self, queryset: QuerySet) -> QuerySet: ...


QueryT = TypeVar("QueryT", bound=QueryValue)


def default_sort(text: str) -> Literal["relevance", "newest"]:
    """The order a board search lists in when none is chosen: best match for keywords."""
    return "relevance" if text else "newest"


def keywords_filter() -> filters.CharFilter:
    return filters.CharFilter(label="Keywords", max_length=200, validators=[validate_single_line])


def currency_filter() -> filters.CharFilter:
    return filters.CharFilter(
        label="Currency",
        max_length=3,
        widget=forms.TextInput(attrs={"placeholder": "GBP", "size": 4}),
    )


def posted_within_filter() -> filters.ChoiceFilter:
    return filters.ChoiceFilter(
        label="Posted", choices=POSTED_WITHIN_CHOICES, empty_label="Any time"
    )


class BoardFilterForm(forms.Form):
    """A board's filter form: an amount (``amount_field``) counts only in a named currency.

    The currency is upper-cased; ``amount_error`` says when the amount is beyond any the
    board holds.
    """

    amount_field: ClassVar[str]
    # What the amount is, for "Pick the currency of the <amount_noun>."
    amount_noun: ClassVar[str]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # With no order chosen, the menu shows the order the search lists in, not its first
        # choice: best match once there are keywords.
        sort = self.base_fields.get("sort")
        if data is not None and sort is not None and not data.get("sort"):
            shown = default_sort((data.get("q") or "").strip())
            if shown in dict(sort.choices):  # type: ignore[attr-defined]
                data = data.copy()
                data["sort"] = shown
        super().__init__(data, *args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        currency = (data.get("currency") or "").upper()
        amount = data.get(self.amount_field)
        if currency and not is_currency(currency):
            self.add_error("currency", "Use an ISO 4217 code such as GBP, USD or INR.")
        elif amount is not None and not currency:
            self.add_error("currency", f"Pick the currency of the {self.amount_noun}.")
        elif amount is not None and (message := self.amount_error(amount, currency)):
            self.add_error(self.amount_field, message)
        data["currency"] = currency
        return data

    @classmethod
    def with_currency(cls, data: QueryDict, currency: Callable[[], str | None]) -> QueryDict:
        """``data``, with the currency ``currency()`` names when it asks for an amount in none.

        The filled-in currency is searched, shown in the form and carried by the board's
        links; ``currency`` is only called when an amount lacks its currency.
        """
        if not data.get(cls.amount_field, "").strip() or data.get("currency", "").strip():
            return data
        chosen = currency()
        if not chosen:
            return data
        filled = data.copy()
        filled["currency"] = chosen
        return filled

    def amount_error(self, amount: Decimal, currency: str) -> str | None:
        """Why ``amount`` of ``currency`` cannot be asked for, or None when it can."""
        raise NotImplementedError


class BoardFilterSet(filters.FilterSet, Generic[QueryT]):
    """A board's filter set: its valid filters become a ``query_class`` value.

    Searching is that value's business (``filter``, and the board's page function), so the
    filter set holds no search logic of its own.
    """

    query_class: ClassVar[type[Any]]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The rows of ``queryset`` that the search matches (``.qs`` reads this)."""
        return self.query.filter(queryset)

    @cached_property
    def query(self) -> QueryT:
        """The search the valid filters ask for, with "posted within" counted from now."""
        return self.query_class.from_form(self.form.cleaned_data, now=timezone.now())

    @property
    def active_filter_count(self) -> int:
        """How many filters beyond keywords and order the visitor has set."""
        return sum(
            1
            for key in self.data
            if key not in NOT_FILTERS and any(value.strip() for value in self.data.getlist(key))
        )
