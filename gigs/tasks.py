"""Contract gigs' background work: hour logs the client left alone, reviews whose blind
window has closed, and the daily e-mail of new gigs that fit a freelancer's skills."""

from datetime import datetime

from celery import shared_task
from django.utils import timezone

from gigs.services import feeds, hours, reviews
from outbox import digests


@shared_task
def approve_due_hour_logs() -> int:
    """Approve submitted weeks older than a week where escrow covers them; safe to run twice."""
    return hours.hourlogs_auto_approve()


@shared_task
def publish_due_reviews() -> int:
    return reviews.reviews_publish_due()


@shared_task
def send_gig_feed_digests() -> int:
    """Queue the daily gig-feed digests, one task per batch of users; return the batches."""
    return digests.digest_batches_enqueue(
        batches=feeds.digest_user_batches(), task=send_gig_feed_digest_batch, until=timezone.now()
    )


@shared_task
def send_gig_feed_digest_batch(user_ids: list[int], until: str) -> int:
    return feeds.gig_feed_digests_prepare(user_ids=user_ids, until=datetime.fromisoformat(until))
