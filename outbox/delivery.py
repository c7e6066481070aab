"""Delivering the outbox: send each message once, wait and try again, give up, clean up."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from outbox.models import MessageStatus, OutboxMessage

logger = logging.getLogger(__name__)

# Eight attempts with a doubling wait (1, 2, 4 ... 60 minutes) ride out a mail provider's
# outage of about four hours before a message is marked failed for staff to look at.
MAX_ATTEMPTS = 8
RETRY_FIRST_WAIT = timedelta(minutes=1)
RETRY_LONGEST_WAIT = timedelta(hours=1)
# One sweep sends at most this many, so a backlog drains over several beats instead of
# holding a worker for a long time; the sweep runs every minute.
DRAIN_BATCH_SIZE = 200
ERROR_MAX_CHARS = 2000
# Sent messages stay this long for staff to check what went out, then are deleted.
SENT_KEPT_FOR = timedelta(days=30)


def message_deliver(*, message_id: int) -> bool:
    """Send one due pending message; True when it was sent by this call.

    The row stays locked while its handler runs, so a second delivery of the same message
    (a task run twice, the sweep) skips it, and it is marked sent in the same transaction.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=MessageStatus.PENDING)
            .filter(next_attempt_at__lte=timezone.now())
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            # A savepoint, so a database error in the handler still lets the failure be saved.
            with transaction.atomic():
                import_string(message.handler)(**message.kwargs)
        except OSError as error:
            # SMTP and network errors pass; the message waits and is tried again.
            _record_failure(message, error, retry=message.attempts < MAX_ATTEMPTS)
            return False
        except Exception as error:
            logger.exception("Outbox message %s cannot be delivered", message.pk)
            _record_failure(message, error, retry=False)
            return False
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "attempts", "last_error"])
        return True


def messages_drain(*, limit: int = DRAIN_BATCH_SIZE) -> int:
    """Deliver pending messages that are due, oldest first; return how many were sent."""
    due = (
        OutboxMessage.objects.filter(
            status=MessageStatus.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
    return sum(message_deliver(message_id=pk) for pk in list(due[:limit]))


def messages_purge_sent() -> int:
    """Delete messages sent more than SENT_KEPT_FOR ago; return how many."""
    cutoff = timezone.now() - SENT_KEPT_FOR
    deleted, _ = OutboxMessage.objects.filter(
        status=MessageStatus.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted


def retry_wait(attempts: int) -> timedelta:
    """How long a message waits after its ``attempts``-th failed attempt."""
    return min(RETRY_FIRST_WAIT * 2 ** (attempts - 1), RETRY_LONGEST_WAIT)


def _record_failure(message: OutboxMessage, error: Exception, *, retry: bool) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:ERROR_MAX_CHARS]
    if retry:
        message.next_attempt_at = timezone.now() + retry_wait(message.attempts)
    else:
        message.status = MessageStatus.FAILED
    message.save(update_fields=["status", "attempts", "next_attempt_at", "last_error"])
