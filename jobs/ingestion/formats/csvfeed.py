"""CSV: UTF-8, comma-separated, fields quoted when they hold commas, quotes or line breaks.

The first row names the columns (README lists them); ``title``, ``company`` and
``country`` are required, the others optional, unknown columns are ignored. Record
numbers count data rows from 1, the header not included. List columns
(``skills``, ``applicant_countries``) separate items with ``;`` or ``,``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import BinaryIO

from ..records import FeedError, FeedRecord, Rejection
from .common import lines

# Column -> FeedRecord field.
COLUMNS = {
    "external_id": "external_id",
    "title": "title",
    "company": "company",
    "company_website": "company_url",
    "company_employees": "company_employees",
    "industry": "industry",
    "description": "description",
    "url": "url",
    "date_posted": "date_posted",
    "valid_through": "valid_through",
    "employment_type": "employment_type",
    "level": "level",
    "remote_policy": "remote",
    "applicant_countries": "applicant_countries",
    "city": "city",
    "region": "region",
    "country": "country",
    "salary_min": "salary_min",
    "salary_max": "salary_max",
    "salary_currency": "salary_currency",
    "salary_period": "salary_unit",
    "skills": "skills",
}
REQUIRED = ("title", "company", "country")
# The longest field read: room for a long HTML description (the csv module's own limit,
# 128 kB, is not).
FIELD_MAX_CHARS = 1024 * 1024
LIST_COLUMNS = {"skills", "applicant_countries"}
_LIST_SEPARATOR = re.compile(r"\s*[;,]\s*")


def parse(stream: BinaryIO) -> Iterator[FeedRecord | Rejection]:
    undecodable: set[int] = set()
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_MAX_CHARS))
    reader = csv.reader(lines(stream, undecodable))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise FeedError("the CSV file is empty") from None
    except csv.Error as error:
        raise FeedError(f"malformed CSV header: {error}") from None
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise FeedError(f"the CSV header lacks the column(s) {', '.join(missing)}")
    positions = [(index, COLUMNS[name]) for index, name in enumerate(header) if name in COLUMNS]
    first_line = reader.line_num + 1
    number = 0
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            # The reader starts afresh on the next line: only this record is lost.
            number += 1
            first_line = reader.line_num + 1
            yield Rejection(number, f"malformed CSV at line {reader.line_num}: {error}")
            continue
        if row is None:
            return
        # Quoted fields may span lines: the record's lines run up to line_num.
        span = range(first_line, reader.line_num + 1)
        first_line = reader.line_num + 1
        if not any(field.strip() for field in row):
            continue
        number += 1
        if undecodable.intersection(span):
            yield Rejection(number, "not UTF-8 text")
        elif len(row) != len(header):
            yield Rejection(number, f"has {len(row)} fields where the header has {len(header)}")
        else:
            yield _record(row, positions, number)


def _record(row: list[str], positions: list[tuple[int, str]], number: int) -> FeedRecord:
    record = FeedRecord(number=number)
    for index, name in positions:
        value = row[index].strip()
        if name in LIST_COLUMNS:
            setattr(record, name, [item for item in _LIST_SEPARATOR.split(value) if item])
        else:
            setattr(record, name, value or None)
    return record
