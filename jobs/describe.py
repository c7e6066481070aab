"""A job search in words, from the search form's own labels and choice names.

``describe_searches`` reads the board query strings of saved searches as a sentence:
"Senior roles matching “payments” in Berlin, Germany, remote, paying at least EUR 80,000,
posted in the last week". Every filter of ``jobs.filters.PostingFilter`` is read through
its form field: the names of its choices (or of the rows it picks), else the value as
given. A filter ``PHRASES`` does not name reads "label: values", so a new filter shows
without a change here; a parameter that is no filter is left out, as the board leaves it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.http import QueryDict

from core.money import format_money, is_currency, to_minor
from jobs.filters import PostingFilter

# The filters a sentence names in its own words; each "{}" takes the filter's values,
# joined with "or". The keywords, the place and the levels lead the sentence (``_lead``);
# the salary is read with its currency.
PHRASES = {
    "technical": "{}",
    "remote_policy": "{}",
    "employment_type": "{}",
    "skills": "asking for {}",
    "posted_within": "posted in the {}",
    "sort": "sorted by {}",
}
# Choice names read in lower case inside the sentence; skill names keep theirs.
LOWER = frozenset({"technical", "remote_policy", "employment_type", "posted_within", "sort"})
LEAD = frozenset({"q", "level", "where", "country", "city"})


def describe_searches(queries: Sequence[str]) -> list[str]:
    """Each board query string of ``queries`` as a sentence, in the same order.

    Rows a filter picks (skills) are named with one query per such filter for all of them.
    """
    fields = PostingFilter().form.fields
    datas = [QueryDict(query) for query in queries]
    names = _row_names(fields, datas)
    return [_sentence(fields, data, names) for data in datas]


def _sentence(
    fields: dict[str, forms.Field], data: QueryDict, names: dict[str, dict[str, str]]
) -> str:
    def shown(name: str) -> list[str]:
        return _shown(fields[name], data.getlist(name), names.get(name, {}))

    parts = [_lead(shown)]
    for name, field in fields.items():
        if name == "salary_at_least":
            salary = _salary(data.get(name, ""), data.get("currency", ""))
            parts += [f"paying at least {salary}"] if salary else []
            continue
        values = shown(name)
        if name in LEAD or name == "currency" or not values:
            continue
        if name in LOWER:
            values = [value.lower() for value in values]
        phrase = PHRASES.get(name, f"{str(field.label or name).lower()}: {{}}")
        parts.append(phrase.format(" or ".join(values)))
    return ", ".join(parts)


def _lead(shown: Callable[[str], list[str]]) -> str:
    """The sentence's start: levels (or "Product") and roles, keywords, then the place."""
    levels = shown("level")
    lead = f"{' or '.join(levels) if levels else 'Product'} roles"
    keywords = shown("q")
    if keywords:
        lead += f" matching “{keywords[0]}”"
    place = ", ".join(shown("where") + shown("city") + shown("country"))
    return f"{lead} in {place}" if place else lead


def _shown(field: forms.Field, values: list[str], rows: dict[str, str]) -> list[str]:
    """``values`` as the field names them: a choice's name, a row's name, or as they are."""
    values = [value for value in values if value.strip()]
    if not values:
        return []
    if isinstance(field, forms.ModelChoiceField):
        return [rows.get(value, value) for value in values]
    choices = getattr(field, "choices", None)
    if choices is None:
        choices = getattr(field.widget, "choices", None)
    if choices is None:
        return values
    named = _choice_names(choices)
    return [named.get(value, value) for value in values]


def _choice_names(choices: Iterable[Any]) -> dict[str, str]:
    named = {}
    for value, label in choices:
        if isinstance(label, list | tuple):  # a group of choices
            named.update(_choice_names(label))
        else:
            named[str(value)] = str(label)
    return named


def _row_names(
    fields: dict[str, forms.Field], datas: Sequence[QueryDict]
) -> dict[str, dict[str, str]]:
    """For each filter that picks rows, the names of the rows ``datas`` pick, by value."""
    names = {}
    for name, field in fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        key = field.to_field_name or "pk"
        wanted = {value for data in datas for value in data.getlist(name)}
        if wanted:
            rows = field.queryset.filter(**{f"{key}__in": wanted})
            names[name] = {str(getattr(row, key)): str(row) for row in rows}
    return names


def _salary(amount: str, currency: str) -> str:
    """The salary filter as money ("EUR 80,000"), or "" when it does not filter."""
    currency = currency.upper()
    if not amount or not is_currency(currency):
        return ""
    try:
        return format_money(to_minor(amount, currency), currency)
    except (ValueError, ArithmeticError):
        return f"{amount} {currency}"
