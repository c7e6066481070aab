"""Integer columns read from PostgreSQL's binary COPY, and the checks on what the server sent."""

import struct
from datetime import UTC, datetime

import numpy as np
import pytest
from django.db import connection

from salaries.columns import CopyFormatError, micros, moment_sql, parse_binary_copy, read
from tests.jobs.factories import CompanyFactory, PostingFactory

COLUMNS = [("value", "bigint"), ("code", "integer"), ("flag", "smallint")]
HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
TRAILER = b"\xff\xff"


def row(value: int, code: int, flag: int) -> bytes:
    return struct.pack(">hiqiiih", 3, 8, value, 4, code, 2, flag)


def test_rows_become_one_array_per_column():
    """Each column comes back as int64 values in row order, negative numbers included."""
    data = HEADER + row(2**40 + 7, -3, 1) + row(5, 0x474250, 0) + TRAILER
    found = parse_binary_copy(memoryview(data), COLUMNS)
    assert found["value"].tolist() == [2**40 + 7, 5]
    assert found["code"].tolist() == [-3, 0x474250]
    assert found["flag"].tolist() == [1, 0]
    assert all(column.dtype == np.int64 for column in found.values())


def test_no_rows_give_empty_columns():
    found = parse_binary_copy(memoryview(HEADER + TRAILER), COLUMNS)
    assert [len(column) for column in found.values()] == [0, 0, 0]


def test_a_header_extension_is_skipped():
    """The header's extension area, whatever it holds, is not read as rows."""
    header = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 3) + b"abc"
    found = parse_binary_copy(memoryview(header + row(1, 2, 3) + TRAILER), COLUMNS)
    assert found["value"].tolist() == [1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"COPY\n" + row(1, 2, 3) + TRAILER, "not PostgreSQL's binary COPY"),
        (HEADER + row(1, 2, 3), "trailer"),
        (HEADER + row(1, 2, 3)[:-1] + TRAILER, "fixed-width"),
        (HEADER + struct.pack(">hiqiiih", 2, 8, 1, 4, 2, 2, 3) + TRAILER, "number of columns"),
        # A null code: width -1 and no bytes, padded so the row keeps its length.
        (HEADER + struct.pack(">hiqi4sih", 3, 8, 1, -1, b"", 2, 3) + TRAILER, "column code"),
        # A smallint where an integer was declared, in a row of the same length.
        (HEADER + struct.pack(">hiqihii", 3, 8, 1, 2, 0, 4, 3) + TRAILER, "column code"),
    ],
)
def test_anything_but_the_declared_columns_is_refused(data, message):
    with pytest.raises(CopyFormatError, match=message):
        parse_binary_copy(memoryview(data), COLUMNS)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="binary COPY is PostgreSQL's")
@pytest.mark.django_db
def test_binary_copy_reads_what_a_cursor_reads():
    """The same SELECT through COPY and through a cursor gives the same columns."""
    select = (
        "SELECT CAST(v AS bigint), CAST(-v * 3 AS integer), CAST(mod(v, 2) AS smallint)"
        " FROM generate_series(%s, %s) v"
    )
    copied = read(select, [1, 2000], COLUMNS, binary_copy=True)
    fetched = read(select, [1, 2000], COLUMNS, binary_copy=False)
    assert {name: column.tolist() for name, column in copied.items()} == {
        name: column.tolist() for name, column in fetched.items()
    }
    assert copied["code"][-1] == -6000


MOMENTS = [
    datetime(2026, 11, 30, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2026, 12, 1, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 58, 500_000, tzinfo=UTC),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "binary_copy", [False, pytest.param(True, marks=pytest.mark.skipif(
        connection.vendor != "postgresql", reason="binary COPY is PostgreSQL's"))],
)  # fmt: skip
def test_moments_read_as_microseconds(binary_copy):
    """A stored datetime, whole second or not, and before 2000 too, reads as the
    microseconds ``micros`` gives the same moment, through a cursor or a binary COPY."""
    employer = CompanyFactory.create()
    for moment in MOMENTS:
        PostingFactory.create(company=employer, posted_at=moment)
    posted_at = moment_sql("posted_at", binary_copy=binary_copy)
    found = read(
        f"SELECT {posted_at} FROM jobs_jobposting WHERE company_id = %s ORDER BY posted_at",  # noqa: S608
        [employer.pk],
        [("posted_at", "timestamptz")],
        binary_copy=binary_copy,
    )
    assert found["posted_at"].tolist() == sorted(micros(moment) for moment in MOMENTS)
