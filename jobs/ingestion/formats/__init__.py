"""One parser per feed format, all behind one interface, and detection of the format.

A parser takes the feed as a binary stream and yields, in feed order, a ``FeedRecord``
for each posting or a ``Rejection`` for an entry it cannot take as one. It raises
``FeedError`` when the feed as a whole cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..records import FeedError, FeedRecord, Rejection
from . import csvfeed, greenhouse, jsonl, jsonld, lever
from .common import json_value

Item = FeedRecord | Rejection
Parser = Callable[[BinaryIO], Iterator[Item]]

PARSERS: dict[str, Parser] = {
    "jsonld": jsonld.parse,
    "jsonl": jsonl.parse,
    "greenhouse": greenhouse.parse,
    "lever": lever.parse,
    "csv": csvfeed.parse,
}
AUTO = "auto"

# Enough of a feed's start to tell the formats apart.
_SNIFF_BYTES = 64 * 1024
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_GREENHOUSE_START = re.compile(r'^\{\s*"jobs"\s*:\s*\[')


def detect(stream: BinaryIO, filename: str = "") -> str:
    """Tell a feed's format from its file name or, failing that, its first bytes.

    The stream is left at its start.
    """
    for extension, name in _EXTENSIONS.items():
        if filename.lower().endswith(extension):
            return name
    head = stream.read(_SNIFF_BYTES)
    stream.seek(0)
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("{"):
        if _GREENHOUSE_START.match(text):
            return "greenhouse"
        first_line, _, rest = text.partition("\n")
        if rest.strip() and _is_json_object(first_line):
            return "jsonl"
        return "jsonld"
    if text.startswith("["):
        return "lever" if '"hostedUrl"' in text or '"descriptionPlain"' in text else "jsonld"
    if "," in text.partition("\n")[0]:
        return "csv"
    raise FeedError("cannot tell the feed's format from its content; name the format")


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json_value(line), dict)
    except ValueError:
        return False
