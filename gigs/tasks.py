"""Marketplace background work: publishing reviews whose blind window has closed."""

from celery import shared_task

from gigs.services import reviews


@shared_task
def publish_due_reviews() -> int:
    return reviews.reviews_publish_due()
