"""Validation on every core: big feeds are parsed, checked and sanitized in worker processes.

Validation is pure Python (JSON decoding, the rules, the HTML sanitizer) and holds one
core whole, while the run also has postings to store. So a big feed is cut into chunks of
records that a pool of forked processes validates, a few chunks ahead of the store; the
results come back in feed order, every record with its own number. A JSON-lines feed is
cut into raw lines, so parsing moves to the workers too; other formats are parsed here and
their records validated there. Small feeds are validated in this process, chunk by chunk
all the same, and so are feeds read where forking is unsafe: in a daemon process (which may
not start children) or beside other threads (a lock one of them holds at the fork would stay
held in the children for good).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from itertools import islice
from typing import Any, BinaryIO

from .formats import PARSERS, jsonl
from .records import FeedRecord, Posting, Rejected, Rejection
from .validate import named_id, posting_from

Item = Posting | Rejection
Work = Callable[[list[Any]], list[Item]]

# Records per chunk: enough that sending a chunk and its postings between processes costs
# little beside validating it, few enough that a chunk of 2 KB lines is a few MB.
CHUNK_SIZE = 1000
# Below this size a feed validates in less time than starting the workers takes.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024
# More workers than this would only take cores from the database and the store.
MAX_WORKERS = 4
# Chunks in flight per worker: each worker has the next chunk waiting when it finishes one.
CHUNKS_AHEAD = 2


@contextmanager
def validated(
    stream: BinaryIO,
    *,
    format_name: str,
    default_company: str = "",
    workers: int | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Iterator[Item]]:
    """Yield an iterator of the feed's postings and rejections, in feed order.

    ``workers`` processes validate the feed (by default one per core, for feeds of
    ``PARALLEL_MIN_BYTES`` or more); with fewer than two, this process does.
    The pool starts before this returns, while the caller has started no threads.
    """
    if workers is None:
        workers = _default_workers(stream)
    work, chunks = _work(stream, format_name, default_company, chunk_size)
    if workers < 2 or not _safe_to_fork():
        yield (item for chunk in chunks for item in work(chunk))
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # Fork now, before the caller's writer thread exists.
        pool.submit(int).result()
        try:
            yield (item for result in _in_order(pool, work, chunks, workers) for item in result)
        finally:
            pool.shutdown(cancel_futures=True)


def _safe_to_fork() -> bool:
    return threading.active_count() == 1 and not multiprocessing.current_process().daemon


def _default_workers(stream: BinaryIO) -> int:
    """One worker per core for a big feed, none for a small one or one of unknown size."""
    try:
        start = stream.tell()
        size = stream.seek(0, os.SEEK_END) - start
        stream.seek(start)
    except (OSError, ValueError):
        return 0
    if size < PARALLEL_MIN_BYTES:
        return 0
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _work(
    stream: BinaryIO, format_name: str, default_company: str, chunk_size: int
) -> tuple[Work, Iterator[list[Any]]]:
    """What a worker does with a chunk, and the chunks: raw lines of a JSON-lines feed,
    parsed records of any other."""
    if format_name == "jsonl":
        lines = partial(_validate_lines, default_company=default_company)
        return lines, _chunks(enumerate(stream, start=1), chunk_size)
    records = partial(_validate_records, default_company=default_company)
    return records, _chunks(PARSERS[format_name](stream), chunk_size)


def _in_order(
    pool: ProcessPoolExecutor, work: Work, chunks: Iterator[list[Any]], workers: int
) -> Iterator[list[Item]]:
    """Each chunk's results in turn, with a few chunks in the workers' hands at a time:
    the feed is read only as fast as it is validated, so memory stays flat."""
    pending: deque[Future[list[Item]]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(work, chunk))
        if len(pending) > workers * CHUNKS_AHEAD:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _validate_lines(lines: list[tuple[int, bytes]], *, default_company: str) -> list[Item]:
    """Numbered lines of a JSON-lines feed, parsed and validated; blank lines drop out."""
    items = (jsonl.item(number, line) for number, line in lines)
    return _validate_records([item for item in items if item is not None], default_company)


def _validate_records(items: list[FeedRecord | Rejection], default_company: str) -> list[Item]:
    return [
        item if isinstance(item, Rejection) else _validate(item, default_company) for item in items
    ]


def _validate(record: FeedRecord, default_company: str) -> Item:
    try:
        return posting_from(record, default_company=default_company)
    except Rejected as error:
        return Rejection(record.number, str(error), named_id(record))
    except Exception as error:
        return Rejection.unexpected(record.number, error)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
