"""Integer columns read from the database in one go, as NumPy arrays.

PostgreSQL sends them as a binary ``COPY ... TO STDOUT``: with fixed-width, never-null
integer columns every row has the same layout, so the whole body is one structured array
read in place. SQLite has no COPY; a plain cursor reads the same SELECT.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection

# PostgreSQL's binary COPY: an 11-byte signature, 32-bit flags and the length of a header
# extension (none today), then rows, then a 16-bit -1.
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_HEADER = len(_SIGNATURE) + 4 + 4
_TRAILER = b"\xff\xff"
# A column's width in bytes by the SQL type the SELECT gives it. PostgreSQL sends a
# timestamptz as microseconds since 2000-01-01 UTC in 8 bytes.
WIDTHS = {"bigint": 8, "integer": 4, "smallint": 2, "timestamptz": 8}
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def micros(moment: datetime) -> int:
    """A moment as a ``moment_sql`` column gives it: microseconds since 2000-01-01 UTC."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def moment_sql(column: str, *, binary_copy: bool) -> str:
    """SQL giving a datetime column as microseconds since 2000-01-01 UTC, of SQL type
    timestamptz for ``read``. A binary COPY sends the column itself in that form; for a
    cursor it is converted (SQLite's text is UTC, as Django stores it)."""
    if binary_copy:
        return column
    if connection.vendor == "postgresql":
        since = f"{column} - TIMESTAMPTZ '{_EPOCH.isoformat()}'"
        return f"CAST(EXTRACT(epoch FROM {since}) * 1000000 AS bigint)"
    seconds = f"unixepoch(substr({column}, 1, 19)) - {int(_EPOCH.timestamp())}"
    fraction = f"CAST(substr({column} || '.000000', 21, 6) AS integer)"
    return f"(({seconds}) * 1000000 + {fraction})"


class CopyFormatError(Exception):
    """The server sent something other than rows of the declared integer columns."""


def read(
    select: str, params: Sequence[Any], columns: Sequence[tuple[str, str]], *, binary_copy: bool
) -> dict[str, Any]:
    """The rows of ``select``, column by column as int64 arrays named as in ``columns``.

    ``columns`` gives each output column's name and SQL type (a key of ``WIDTHS``), in the
    SELECT's order; every value must be a non-null integer of that type. ``binary_copy``
    (PostgreSQL only) reads them through COPY, otherwise a cursor fetches the rows.
    """
    if not binary_copy:
        with connection.cursor() as cursor:
            cursor.execute(select, params)
            table = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, len(columns))
        return {name: table[:, i] for i, (name, _) in enumerate(columns)}
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        query = cursor.mogrify(select, params).decode()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT (FORMAT binary)", buffer)
    return parse_binary_copy(buffer.getbuffer(), columns)


def parse_binary_copy(data: memoryview, columns: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The columns of a binary COPY's output, checked field by field (see ``read``)."""
    if bytes(data[: len(_SIGNATURE)]) != _SIGNATURE:
        raise CopyFormatError("not PostgreSQL's binary COPY format")
    extension = int.from_bytes(data[_HEADER - 4 : _HEADER], "big")
    start = _HEADER + extension
    if bytes(data[-len(_TRAILER) :]) != _TRAILER:
        raise CopyFormatError("the rows do not end with the format's trailer")
    fields: list[tuple[str, str]] = [("count", ">i2")]
    for name, kind in columns:
        fields += [(f"{name}.width", ">i4"), (name, f">i{WIDTHS[kind]}")]
    layout = np.dtype(fields)
    body = data[start : len(data) - len(_TRAILER)]
    if len(body) % layout.itemsize:
        raise CopyFormatError("the rows are not all of the declared fixed-width columns")
    rows = np.frombuffer(body, dtype=layout)
    if not (rows["count"] == len(columns)).all():
        raise CopyFormatError("a row has another number of columns")
    for name, kind in columns:
        # A null has width -1, another type another width.
        if not (rows[f"{name}.width"] == WIDTHS[kind]).all():
            raise CopyFormatError(f"column {name} is not a non-null {kind}")
    return {name: rows[name].astype(np.int64) for name, _ in columns}
