"""Contract gigs' background work: approving hour logs the client left alone."""

from celery import shared_task

from gigs.services import hours


@shared_task
def approve_due_hour_logs() -> int:
    """Approve submitted weeks older than a week where escrow covers them; safe to run twice."""
    return hours.hourlogs_auto_approve()
