"""Writes to the outbox: record a message with a change, and give failed ones another go.

Delivery and its retries are outbox.delivery's, which the tasks run: this module enqueues
those tasks, so they must not import it.
"""

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from outbox import tasks
from outbox.broker import task_enqueue
from outbox.models import MessageStatus, OutboxMessage


def message_queue(*, handler: Callable[..., int], kwargs: dict[str, Any]) -> OutboxMessage:
    """Record a message in the caller's transaction; try to deliver it once that commits.

    ``handler`` is a module-level function called as ``handler(**kwargs)`` at delivery;
    ``kwargs`` must be JSON. When the broker is down the message waits for the sweep.
    """
    (message,) = messages_queue(handler=handler, kwargs_list=[kwargs])
    return message


def messages_queue(
    *, handler: Callable[..., int], kwargs_list: Sequence[dict[str, Any]]
) -> list[OutboxMessage]:
    """Record one message per ``kwargs`` with a single insert; see ``message_queue``."""
    path = f"{handler.__module__}.{handler.__qualname__}"
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(handler=path, kwargs=kwargs) for kwargs in kwargs_list]
    )
    for message in messages:
        transaction.on_commit(partial(task_enqueue, tasks.deliver_message, args=[message.pk]))
    return messages


@transaction.atomic
def messages_retry(*, message_ids: Iterable[int]) -> int:
    """Give failed messages a fresh set of attempts from now; return how many."""
    return OutboxMessage.objects.filter(
        pk__in=list(message_ids), status=MessageStatus.FAILED
    ).update(status=MessageStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
