"""Messaging work in the background: batched e-mails, their sweep, response times."""

from celery import shared_task

from messaging import notifications, stats


@shared_task
def send_thread_email(thread_id: int, recipient_id: int) -> bool:
    return notifications.thread_email_batch(thread_id=thread_id, recipient_id=recipient_id)


@shared_task
def send_due_thread_emails() -> int:
    return notifications.thread_emails_due()


@shared_task
def refresh_response_times() -> int:
    return stats.response_times_refresh()
