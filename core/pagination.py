"""Pages of a list without counting it: keyset cursors, or short offsets over capped sets.

A keyset page asks for the rows after the last one shown, in index order, so page
1,000 costs what page 1 costs. The cursor is opaque to users (base64 JSON).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Model, Q, QuerySet

# Numbered pages serve capped rankings (jobs.search.RANK_CANDIDATES), so every page beyond
# this one is empty at any page size, and the offset stays a number every database takes.
MAX_PAGE = 1000


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None = None
    next_page: int | None = None
    is_first: bool = True

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None or self.next_page is not None


def keyset_page(
    queryset: QuerySet,
    *,
    keys: list[str],
    cursor: str | None,
    size: int,
    rows: QuerySet | None = None,
    pick: Callable[[Q, int], Any] | None = None,
) -> Page:
    """Return ``size`` rows ordered by ``keys`` (e.g. ``["-posted_at", "-id"]``) after ``cursor``.

    The last key must be unique. A cursor that does not decode, or whose values are not
    values of the keys' fields, starts from the top.
    With ``rows``, ``queryset`` only picks the page's primary keys and the rows are read
    from ``rows`` by key: a database can then pick them from an index that holds the keys
    and the filtered columns, without visiting the rows it skips. ``pick(after, limit)``,
    given with ``rows``, picks them instead: a subquery of the primary keys of the first
    ``limit`` rows of ``queryset`` that meet ``after``, the condition for following the cursor.
    """
    ordered = queryset.order_by(*keys)
    values = _typed(queryset.model, keys, decode_cursor(cursor, len(keys)))
    after = Q() if values is None else _after(keys, values)
    window = ordered.filter(after)[: size + 1]
    if rows is not None:
        keys_wanted = window.values("pk") if pick is None else pick(after, size + 1)
        window = rows.filter(pk__in=keys_wanted).order_by(*keys)
    fetched = list(window)
    items = fetched[:size]
    next_cursor = None
    if len(fetched) > size:
        next_cursor = encode_cursor([getattr(items[-1], key.lstrip("-")) for key in keys])
    return Page(items=items, next_cursor=next_cursor, is_first=values is None)


def offset_page(queryset: QuerySet, *, page: int, size: int) -> Page:
    """An offset page, for short result sets such as a capped relevance ranking."""
    page = max(page, 1)
    rows = list(queryset[(page - 1) * size : page * size + 1])
    return Page(
        items=rows[:size], next_page=page + 1 if len(rows) > size else None, is_first=page == 1
    )


def page_number(raw: str | None) -> int:
    """The numbered page a client asks for, 1 when none; ValidationError unless 1..MAX_PAGE."""
    if not raw:
        return 1
    return forms.IntegerField(min_value=1, max_value=MAX_PAGE).clean(raw)


def encode_cursor(values: list[Any]) -> str:
    payload = [{"t": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, length: int) -> list[Any] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        values = [v["t"] if isinstance(v, dict) else v for v in payload]
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError, RecursionError):
        return None
    if len(values) != length or any(v is None for v in values):
        return None
    return values


def _typed(model: type[Model], keys: list[str], values: list[Any] | None) -> list[Any] | None:
    """``values`` as values of the ``keys`` fields of ``model``, or None where one is not.

    A cursor comes from the client: what decodes may be any JSON, which the database would
    refuse (a string for a date, a number beyond a column's range, a NUL in a string).
    """
    if values is None:
        return None
    typed = []
    try:
        for key, value in zip(keys, values, strict=True):
            field = cast(Field, model._meta.get_field(key.lstrip("-")))
            if isinstance(value, dict | list):
                return None
            converted = field.to_python(value)
            field.run_validators(converted)
            if isinstance(converted, datetime):
                # Naive moments are ambiguous; the database stores moments in UTC, which a
                # moment at the edge of the calendar may not have.
                if converted.utcoffset() is None:
                    return None
                converted.astimezone(UTC)
            typed.append(converted)
    except (FieldDoesNotExist, ValidationError, TypeError, ValueError, OverflowError):
        return None
    return typed


def _after(keys: list[str], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in the order of ``keys``.

    The first key's own bound is implied by the rest; it is there so an index on the keys
    starts its scan at the cursor instead of filtering every row before it.
    """
    first = keys[0]
    bound = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]})
    after = Q()
    for position, key in enumerate(keys):
        field = key.lstrip("-")
        lookup = "lt" if key.startswith("-") else "gt"
        step = Q(**{f"{field}__{lookup}": values[position]})
        for earlier_key, earlier_value in zip(keys[:position], values[:position], strict=True):
            step &= Q(**{earlier_key.lstrip("-"): earlier_value})
        after |= step
    return bound & after
