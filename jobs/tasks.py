"""Job-board background work: expiry, expiry warnings, e-mails and feed ingestion."""

from datetime import datetime

from celery import shared_task
from django.utils import timezone

from jobs.services import ingestion, postings, saved_searches
from outbox import digests
from outbox.broker import task_enqueue


@shared_task
def expire_postings() -> int:
    return postings.postings_expire()


@shared_task
def warn_expiring_postings() -> int:
    return postings.postings_warn_expiring()


@shared_task
def send_saved_search_digests() -> int:
    """Queue the daily saved-search digests, one task per batch of users; return the batches."""
    return digests.digest_batches_enqueue(
        batches=saved_searches.digest_user_batches(),
        task=send_saved_search_digest_batch,
        until=timezone.now(),
    )


@shared_task
def send_saved_search_digest_batch(user_ids: list[int], until: str) -> int:
    return saved_searches.saved_search_digests_prepare(
        user_ids=user_ids, until=datetime.fromisoformat(until)
    )


@shared_task
def ingest_feed(feed_id: int, scheduled: bool = False) -> dict[str, object] | None:
    """Download and ingest a registered feed; its counts, or None when it did not run."""
    report = ingestion.feed_source_run(feed_id=feed_id, scheduled=scheduled)
    return None if report is None else report.as_dict(limit=ingestion.REPORT_MAX_REJECTIONS)


@shared_task
def ingest_upload(
    name: str, source: str, format_name: str, company: str = ""
) -> dict[str, object] | None:
    """Ingest an uploaded feed kept in private storage; its counts, or None if unreadable."""
    report = ingestion.upload_ingest(
        name=name, source=source, format_name=format_name, company=company
    )
    return None if report is None else report.as_dict(limit=ingestion.REPORT_MAX_REJECTIONS)


@shared_task
def run_due_feeds() -> int:
    """Queue a run of every registered feed whose interval has passed; return how many were."""
    due = ingestion.feeds_due()
    # A feed the broker refuses stays due and is queued again by the next check.
    return sum(
        task_enqueue(ingest_feed, args=[feed_id], kwargs={"scheduled": True}) for feed_id in due
    )
