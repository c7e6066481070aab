"""One ingestion run: read a feed, validate its records, store them a batch at a time.

A big feed is validated in worker processes (``parallel``) while this process stores it.
On PostgreSQL a batch is written on a second thread, with its own connection, while
this one reads and validates the next: the database works on one batch (COPY, the
search-vector trigger, the commit) while Python prepares the next. Batches are still
written one after another, in feed order, so each sees everything written before it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import BinaryIO

from django.db import connection

from .formats import AUTO, PARSERS, detect
from .parallel import validated
from .records import FeedError, Posting, Rejection, Report
from .store import Store

# Postings per transaction: large enough that a bulk insert pays off and lookups are few,
# small enough that a refused batch is cheap to retry posting by posting.
BATCH_SIZE = 5000

Progress = Callable[[int, Report], None]


def ingest(
    stream: BinaryIO,
    *,
    source: str,
    format_name: str = AUTO,
    filename: str = "",
    trusted: bool = False,
    snapshot: bool = False,
    now: datetime | None = None,
    company: str = "",
    progress: Progress | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
) -> Report:
    """Ingest the feed in ``stream`` as postings of ``source``; return what became of each record.

    ``company`` names the employer for feeds whose records do not (Greenhouse, Lever).
    Every posting the feed names is marked seen at ``now`` (the run's start), those of
    rejected records too; in a ``snapshot`` the ones listed are open (``Store``).
    ``progress`` is called after each batch with the number of records read so far.
    ``workers`` processes validate the feed (by default one per core for a big feed).
    Raises FeedError when the feed cannot be read at all.
    """
    if format_name == AUTO:
        format_name = detect(stream, filename)
    if format_name not in PARSERS:
        raise FeedError(f"unknown format {format_name!r} (one of {', '.join(PARSERS)})")
    batch_size = batch_size or BATCH_SIZE
    report = Report()
    read = 0

    def stored(batch_report: Report | None) -> None:
        if batch_report is not None:
            report.add(batch_report)
            if progress:
                progress(read, report)

    with (
        validated(
            stream, format_name=format_name, default_company=company, workers=workers
        ) as items,
        _Writer(Store(source=source, trusted=trusted, snapshot=snapshot, now=now)) as writer,
    ):
        batch: list[Posting] = []
        for item in items:
            read += 1
            if isinstance(item, Rejection):
                report.rejections.append(item)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                stored(writer.write(batch))
                batch = []
        if batch:
            stored(writer.write(batch))
        stored(writer.flush())
    writer.store.seen(
        [rejection.external_id for rejection in report.rejections if rejection.external_id]
    )
    report.rejections.sort(key=lambda rejection: rejection.number)
    return report


class _Writer:
    """Hands batches to the store, on a background thread where that pays.

    Inside an open transaction (or on SQLite) batches are written right away on this
    connection, since another connection could not see the transaction's rows.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pool: ThreadPoolExecutor | None = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")
        self.pending: Future[Report] | None = None

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is not None:
            self.pool.submit(_close_connection).result()
            self.pool.shutdown()

    def write(self, batch: list[Posting]) -> Report | None:
        """Store ``batch``; return the report of a batch that has finished, if any."""
        if self.pool is None:
            return self.store.write(batch)
        finished = self.flush()
        self.pending = self.pool.submit(self.store.write, batch)
        return finished

    def flush(self) -> Report | None:
        """Wait for the batch being written; return its report."""
        if self.pending is None:
            return None
        pending, self.pending = self.pending, None
        return pending.result()


def _close_connection() -> None:
    """Close the calling thread's own connection (each thread has one)."""
    connection.close()
