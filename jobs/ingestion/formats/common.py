"""Reading helpers the parsers share."""

from __future__ import annotations

import json
import reprlib
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from ..records import FeedError, FeedRecord, Rejection


def load_json(stream: BinaryIO) -> Any:
    """The whole feed as one JSON document."""
    try:
        return json_value(stream.read().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FeedError(f"not UTF-8 text (byte {error.start})") from None
    except ValueError as error:
        raise FeedError(f"not valid JSON: {error}") from None


def json_value(text: str) -> Any:
    """The JSON value ``text`` holds; ValueError when it is not JSON or nests too deep to read."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("arrays or objects nested too deeply") from None


def lines(stream: BinaryIO, undecodable: set[int]) -> Iterator[str]:
    """The feed's lines as text, line endings kept; the numbers of lines that are not UTF-8
    go into ``undecodable`` and their text is decoded with replacement characters."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            undecodable.add(number)
            yield raw.decode("utf-8", "replace")


# Values quoted in rejection reasons: a feed owner recognizes them; a nested or huge
# value is cut short rather than quoted whole.
_QUOTE = reprlib.Repr()
_QUOTE.maxlevel, _QUOTE.maxstring, _QUOTE.maxother = 3, 80, 80


def shown(value: Any) -> str:
    """``value`` as Python writes it, cut short when it is long or nested."""
    return _QUOTE.repr(value)


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


def guarded(number: int, read: Callable[[], FeedRecord | Rejection]) -> FeedRecord | Rejection:
    """What ``read`` makes of record ``number``, or its rejection if reading it fails."""
    try:
        return read()
    except Exception as error:
        return Rejection.unexpected(number, error)
