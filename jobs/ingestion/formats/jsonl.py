"""JSON lines: one schema.org JobPosting object per line, read as a stream.

Record numbers are line numbers, so a rejected record is easy to find; blank lines
are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..records import FeedRecord, Rejection
from . import jsonld
from .common import lines


def parse(stream: BinaryIO) -> Iterator[FeedRecord | Rejection]:
    undecodable: set[int] = set()
    for number, line in enumerate(lines(stream, undecodable), start=1):
        if number in undecodable:
            yield Rejection(number, "not UTF-8 text")
            continue
        if not line.strip():
            continue
        try:
            node = json.loads(line)
        except ValueError as error:
            yield Rejection(number, f"not valid JSON: {error}")
            continue
        yield jsonld.item(node, number)
