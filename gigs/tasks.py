"""Gig background work: the daily e-mail of new gigs that fit a freelancer's skills."""

from datetime import datetime

from celery import shared_task
from django.utils import timezone

from gigs.services import feeds
from outbox import digests


@shared_task
def send_gig_feed_digests() -> int:
    """Queue the daily gig-feed digests, one task per batch of users; return the batches."""
    return digests.digest_batches_enqueue(
        batches=feeds.digest_user_batches(), task=send_gig_feed_digest_batch, until=timezone.now()
    )


@shared_task
def send_gig_feed_digest_batch(user_ids: list[int], until: str) -> int:
    return feeds.gig_feed_digests_prepare(user_ids=user_ids, until=datetime.fromisoformat(until))
