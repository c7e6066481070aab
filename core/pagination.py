"""Pages of a list without counting it: keyset cursors, or short offsets over capped sets.

A keyset page asks for the rows after the last one shown, in index order, so page
1,000 costs what page 1 costs; the page before asks for the rows before the first one
shown, in the reverse order. The cursor is opaque to users (base64 JSON). A list that
says how many rows it holds counts only up to a bound (``capped_count``).
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
    previous_cursor: str | None = None
    previous_page: int | None = None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None or self.next_page is not None


@dataclass(frozen=True)
class Seek:
    """Where a keyset page starts: the rows past a cursor's values, read in ``keys`` order.

    Going back, ``keys`` are the list's keys reversed; ``keyset_cut`` turns the rows back.
    """

    condition: Q
    keys: list[str]
    backwards: bool = False


@dataclass(frozen=True)
class MatchCount:
    """How many rows a list holds, counted up to ``bound``: ``found`` is at most ``bound + 1``."""

    found: int
    bound: int

    @property
    def beyond(self) -> bool:
        """Whether the list holds more than ``bound`` rows, so ``found`` is not the total."""
        return self.found > self.bound

    @property
    def shown(self) -> int:
        """The number to show, with a "+" after it when ``beyond``."""
        return min(self.found, self.bound)


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
    """Return ``size`` rows ordered by ``keys`` (e.g. ``["-posted_at", "-id"]``) at ``cursor``.

    The last key must be unique. A cursor that does not decode, or whose values are not
    values of the keys' fields, starts from the top.
    """
    seek = keyset_seek(queryset.model, keys, cursor)
    rows = queryset
    if seek is not None:
        rows = rows.filter(seek.condition)
    rows = rows.order_by(*(keys if seek is None else seek.keys))
    return keyset_cut(list(rows[: size + 1]), keys=keys, size=size, seek=seek)


def keyset_seek(model: type[Model], keys: list[str], cursor: str | None) -> Seek | None:
    """Where ``cursor`` asks a list in ``keys`` order to start; None for the first page.

    For lists that pick their rows in their own way; ``keyset_page`` is the plain case.
    """
    decoded = decode_cursor(cursor, len(keys))
    if decoded is None:
        return None
    values, backwards = decoded
    typed = _typed(model, keys, values)
    if typed is None:
        return None
    if backwards:
        reversed_keys = [_reverse(key) for key in keys]
        return Seek(condition=_after(reversed_keys, typed), keys=reversed_keys, backwards=True)
    return Seek(condition=_after(keys, typed), keys=keys)


def keyset_cut(rows: list[Any], *, keys: list[str], size: int, seek: Seek | None) -> Page:
    """The page of the first ``size`` of ``rows``, read at ``seek``, in ``keys`` order.

    ``rows`` hold up to one more than ``size``: going forward that one shows a next page,
    going back a page before this one.
    """
    more = len(rows) > size
    items = rows[:size]
    if seek is not None and seek.backwards:
        items.reverse()
        first = not more
        has_next = bool(items)
    else:
        first = seek is None
        has_next = more
    return Page(
        items=items,
        next_cursor=_cursor(items[-1], keys) if has_next else None,
        is_first=first,
        previous_cursor=None if first or not items else _cursor(items[0], keys, before=True),
    )


def offset_page(queryset: QuerySet, *, page: int, size: int) -> Page:
    """An offset page, for short result sets such as a capped relevance ranking."""
    page = max(page, 1)
    rows = list(queryset[(page - 1) * size : page * size + 1])
    return Page(
        items=rows[:size],
        next_page=page + 1 if len(rows) > size else None,
        is_first=page == 1,
        previous_page=page - 1 if page > 1 else None,
    )


def capped_count(queryset: QuerySet, *, bound: int) -> MatchCount:
    """How many rows ``queryset`` holds, up to ``bound``, never counting the rest.

    The database reads the keys of at most ``bound + 1`` rows, in a subquery with a limit,
    and counts those. The rows come in no order: any ``bound + 1`` of them will do, so the
    database stops at the first it finds instead of sorting every match.
    """
    return MatchCount(found=queryset.order_by().values("pk")[: bound + 1].count(), bound=bound)


def page_number(raw: str | None) -> int:
    """The numbered page a client asks for, 1 when none; ValidationError unless 1..MAX_PAGE."""
    if not raw:
        return 1
    return forms.IntegerField(min_value=1, max_value=MAX_PAGE).clean(raw)


def encode_cursor(values: list[Any], *, before: bool = False) -> str:
    """A cursor to the rows after ``values``, or before them when ``before``."""
    listed = [{"t": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    payload: Any = {"before": listed} if before else listed
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, length: int) -> tuple[list[Any], bool] | None:
    """The ``length`` values of ``cursor`` and whether it points before them, or None."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        backwards = isinstance(payload, dict)
        listed = payload["before"] if backwards else payload
        if not isinstance(listed, list):
            return None
        values = [v["t"] if isinstance(v, dict) else v for v in listed]
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError, RecursionError):
        return None
    if len(values) != length or any(v is None for v in values):
        return None
    return values, backwards


def _cursor(row: Any, keys: list[str], *, before: bool = False) -> str:
    return encode_cursor([getattr(row, key.lstrip("-")) for key in keys], before=before)


def _reverse(key: str) -> str:
    return key[1:] if key.startswith("-") else f"-{key}"


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
