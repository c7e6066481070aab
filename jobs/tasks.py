"""Job-board background work: expiry, expiry warnings and e-mails."""

from celery import shared_task

from jobs import notifications
from jobs.models import JobPosting
from jobs.services import applications, postings


@shared_task
def expire_postings() -> int:
    return postings.postings_expire()


@shared_task
def warn_expiring_postings() -> int:
    return postings.postings_warn_expiring()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_posting_email(posting_id: int, kind: str, body_extra: str = "") -> int:
    posting = (
        JobPosting.objects.select_related("company", "created_by").filter(pk=posting_id).first()
    )
    if posting is None:
        return 0
    return notifications.send_posting_email(posting, kind, body_extra=body_extra)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_email(application_id: int, kind: str) -> int:
    return applications.application_send_email(application_id=application_id, kind=kind)
