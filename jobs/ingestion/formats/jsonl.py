"""JSON lines: one schema.org JobPosting object per line, read as a stream.

Record numbers are line numbers, so a rejected record is easy to find; blank lines
are skipped. Each line is read on its own (``item``), so lines can be handed to other
processes and read there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..records import FeedRecord, Rejection
from . import jsonld
from .common import json_value


def parse(stream: BinaryIO) -> Iterator[FeedRecord | Rejection]:
    for number, line in enumerate(stream, start=1):
        if (found := item(number, line)) is not None:
            yield found


def item(number: int, line: bytes) -> FeedRecord | Rejection | None:
    """The record (or rejection) for line ``number`` of the feed; None for a blank line."""
    try:
        text = line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return Rejection(number, "not UTF-8 text")
    if not text.strip():
        return None
    try:
        node = json_value(text)
    except ValueError as error:
        return Rejection(number, f"not valid JSON: {error}")
    return jsonld.item(node, number)
