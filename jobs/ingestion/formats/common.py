"""Reading helpers the parsers share."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..records import FeedError


def load_json(stream: BinaryIO) -> Any:
    """The whole feed as one JSON document."""
    try:
        return json.loads(stream.read().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FeedError(f"not UTF-8 text (byte {error.start})") from None
    except ValueError as error:
        raise FeedError(f"not valid JSON: {error}") from None


def lines(stream: BinaryIO, undecodable: set[int]) -> Iterator[str]:
    """The feed's lines as text, line endings kept; the numbers of lines that are not UTF-8
    go into ``undecodable`` and their text is decoded with replacement characters."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            undecodable.add(number)
            yield raw.decode("utf-8", "replace")


def first(value: Any) -> Any:
    """The first item of a list, or the value itself."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def name_of(value: Any) -> Any:
    """A schema.org thing's name, or the value when it is given as plain text."""
    value = first(value)
    if isinstance(value, dict):
        return value.get("name")
    return value
