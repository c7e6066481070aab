"""Ingesting postings: feed files from the command line or the API, and registered feeds.

A run for a registered feed's name is recorded on the feed: when, how it ended, its
counts and its rejected records. A run of a feed that lists every open job (a snapshot:
Greenhouse and Lever feeds, and feeds staff mark so) then closes the feed's postings it
no longer lists (jobs.services.snapshots); a feed that fails closes nothing. Postings of
names no feed is registered under are never closed by absence. Feeds with a URL are
read on their schedule by a periodic task, or at once from admin; a feed is never read
twice at the same time.
"""

from __future__ import annotations

import secrets
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO, cast
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils import timezone

from jobs.board_cache import board_changed
from jobs.ingestion import fetch
from jobs.ingestion.formats import AUTO, detect
from jobs.ingestion.records import FeedError, Report
from jobs.ingestion.run import Progress, ingest
from jobs.models import FeedRunStatus, FeedSource, private_storage
from jobs.services import snapshots

# Rejected records kept in a feed's last report; the counts cover them all.
REPORT_MAX_REJECTIONS = 1000
# A run still marked running after this long died without saying so; the feed may run again.
RUN_STALE_AFTER = timedelta(hours=6)


class UnregisteredSource(ValueError):
    """A run asked to be a snapshot, or not, for a name no feed is registered under."""


def postings_ingest(
    *,
    stream: BinaryIO,
    source: str,
    format_name: str = AUTO,
    filename: str = "",
    company: str = "",
    progress: Progress | None = None,
    snapshot: bool | None = None,
) -> Report:
    """Ingest a feed as postings of ``source``.

    A feed registered under that name decides whether its postings skip moderation and
    whether the run is a snapshot (``snapshot`` overrides that for this run), supplies
    its format and employer when the caller does not name them, and records the run.
    Raises FeedError when the feed cannot be read at all, UnregisteredSource when
    ``snapshot`` is given for a name no feed is registered under.
    """
    started = timezone.now()
    feed = FeedSource.objects.filter(name=source).first()
    if feed is None and snapshot is not None:
        raise UnregisteredSource(
            f"no feed is registered as {source!r}: only a registered feed's runs are snapshots"
        )
    if feed is not None:
        format_name = feed.format if format_name == AUTO else format_name
        company = company or feed.company_name
    try:
        if format_name == AUTO:
            format_name = detect(stream, filename)
        takes_snapshot = feed is not None and (
            feed.takes_snapshots(format_name) if snapshot is None else snapshot
        )
        report = ingest(
            stream,
            source=source,
            format_name=format_name,
            filename=filename,
            trusted=feed is not None and feed.trusted,
            snapshot=takes_snapshot,
            now=started,
            company=company,
            progress=progress,
        )
    except FeedError as error:
        if feed is not None:
            _record_failure(feed, started, f"The feed could not be read: {error}")
        raise
    finally:
        # Batches stored before a failure stay stored: either way the board has changed.
        board_changed()
    if feed is None:
        return report
    closing = snapshots.snapshot_close(feed=feed, run_at=started) if takes_snapshot else None
    if closing is not None:
        report.closed = closing.closed
    _record(feed, started, report, closing)
    return report


def feed_source_run(
    *, feed_id: int, scheduled: bool = False, now: datetime | None = None
) -> Report | None:
    """Download a registered feed and ingest it; None when it did not run.

    A scheduled run happens only if the feed is active and still due; staff may run any
    feed with a URL at once. No run starts while another of the same feed is under way.
    A feed that cannot be downloaded or read is marked failed with the reason.
    """
    now = now or timezone.now()
    feed = FeedSource.objects.filter(pk=feed_id).exclude(url="").first()
    if feed is None or (scheduled and not feed.is_due(now)) or not _claim(feed, now):
        return None
    with tempfile.TemporaryFile() as spool:
        try:
            fetch.download(feed.url, spool)
        except FeedError as error:
            _record_failure(feed, now, f"The feed could not be downloaded: {error}")
            return None
        spool.seek(0)
        try:
            return postings_ingest(
                stream=spool,
                source=feed.name,
                filename=urlsplit(feed.url).path,
            )
        except FeedError:
            return None
        except Exception:
            _record_failure(feed, now, "The run stopped on an unexpected error (see the log).")
            raise


def feeds_due(*, now: datetime | None = None) -> list[int]:
    """The ids of the registered feeds whose interval has passed since their last run."""
    now = now or timezone.now()
    candidates = FeedSource.objects.filter(active=True, interval_minutes__isnull=False)
    return [feed.pk for feed in candidates.exclude(url="") if feed.is_due(now)]


def upload_store(*, content: BinaryIO, filename: str) -> str:
    """Keep an uploaded feed in private storage until a worker ingests it; return its name."""
    name = Path(filename).name or "feed"
    return private_storage().save(f"ingest/{secrets.token_hex(8)}-{name}", content)


def upload_ingest(
    *, name: str, source: str, format_name: str = AUTO, company: str = ""
) -> Report | None:
    """Ingest a feed that ``upload_store`` kept, then delete it; None if it was unreadable."""
    storage = private_storage()
    try:
        with storage.open(name, "rb") as stored:
            return postings_ingest(
                stream=cast(BinaryIO, stored),
                source=source,
                format_name=format_name,
                filename=name,
                company=company,
            )
    except FeedError:
        return None
    finally:
        storage.delete(name)


def _claim(feed: FeedSource, now: datetime) -> bool:
    """Mark the feed running unless another run has it; true when this run may go ahead."""
    running = Q(last_run_status=FeedRunStatus.RUNNING, last_run_at__gt=now - RUN_STALE_AFTER)
    claimed = (
        FeedSource.objects.filter(pk=feed.pk)
        .exclude(running)
        .filter(last_run_at=feed.last_run_at)
        .update(last_run_at=now, last_run_status=FeedRunStatus.RUNNING)
    )
    return claimed == 1


def _record(
    feed: FeedSource, started: datetime, report: Report, closing: snapshots.Closing | None
) -> None:
    lines = report.lines()
    kept = lines[: REPORT_MAX_REJECTIONS + 1]
    if len(lines) > len(kept):
        kept.append(f"... and {len(lines) - len(kept)} more rejected records")
    status = FeedRunStatus.SUCCEEDED
    if closing is not None and closing.needs_review:
        status = FeedRunStatus.NEEDS_REVIEW
        kept.insert(1, closing.note())
    _store_run(feed, started, status, report, "\n".join(kept))


def _record_failure(feed: FeedSource, started: datetime, reason: str) -> None:
    _store_run(feed, started, FeedRunStatus.FAILED, Report(), reason)


def _store_run(feed: FeedSource, started: datetime, status: str, report: Report, text: str) -> None:
    """Record a run on its feed: when, how it ended, its counts and its report."""
    FeedSource.objects.filter(pk=feed.pk).update(
        last_run_at=started,
        last_run_status=status,
        last_created=report.created,
        last_updated=report.updated,
        last_unchanged=report.unchanged,
        last_duplicates=report.duplicates,
        last_rejected=report.rejected,
        last_closed=report.closed,
        last_report=text,
    )
