"""Pages of a list without counting it: keyset cursors, or short offsets over capped sets.

A keyset page asks for the rows after the last one shown, in index order, so page
1,000 costs what page 1 costs. The cursor is opaque to users (base64 JSON).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Model, Q, QuerySet

# Numbered pages serve capped rankings (jobs.search.board.RANK_CANDIDATES), so every page beyond
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


@dataclass(frozen=True)
class PagePosition:
    """Where a request asks a list to start: after a keyset ``cursor``, or at numbered ``page``."""

    cursor: str | None = None
    page: int = 1


class PageOf(Protocol):
    """A board's page function (``jobs.search.board_page``, ``gigs.search.gig_page``)."""

    def __call__(
        self, query: Any, *, cursor: str | None = ..., page: int = ..., size: int = ...
    ) -> Page: ...


def page_position(params: Mapping[str, str]) -> PagePosition:
    """The position a board page's links ask for; a page number they never carry is page 1.

    The API refuses such a number instead (``core.api.KeysetPagination.get_page_number``).
    """
    try:
        page = page_number(params.get("page"))
    except ValidationError:
        page = 1
    return PagePosition(cursor=params.get("cursor") or None, page=page)


def keyset_page(queryset: QuerySet, *, keys: list[str], cursor: str | None, size: int) -> Page:
    """Return ``size`` rows ordered by ``keys`` (e.g. ``["-posted_at", "-id"]``) after ``cursor``.

    The last key must be unique. A cursor that does not decode, or whose values are not
    values of the keys' fields, starts from the top.
    """
    after = keyset_after(queryset.model, keys, cursor)
    rows = queryset.order_by(*keys)
    if after is not None:
        rows = rows.filter(after)
    return keyset_cut(list(rows[: size + 1]), keys=keys, size=size, first=after is None)


def keyset_after(model: type[Model], keys: list[str], cursor: str | None) -> Q | None:
    """The condition for rows after ``cursor`` in ``keys`` order; None for the first page.

    For lists that pick their rows in their own way; ``keyset_page`` is the plain case.
    """
    values = _typed(model, keys, decode_cursor(cursor, len(keys)))
    return None if values is None else _after(keys, values)


def keyset_cut(rows: list[Any], *, keys: list[str], size: int, first: bool) -> Page:
    """The page of the first ``size`` of ``rows``, which hold up to one more to show a next page."""
    items = rows[:size]
    next_cursor = None
    if len(rows) > size:
        next_cursor = encode_cursor([getattr(items[-1], key.lstrip("-")) for key in keys])
    return Page(items=items, next_cursor=next_cursor, is_first=first)


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
