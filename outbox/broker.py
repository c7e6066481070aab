"""Queue Celery tasks without failing the caller when the broker is unreachable."""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from celery import Task
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def task_enqueue(
    task: Task,
    *,
    args: Sequence[Any] = (),
    kwargs: Mapping[str, Any] | None = None,
    **options: Any,
) -> bool:
    """Queue ``task``; False, logged, when the broker cannot take it.

    Callers use this where the work is recorded elsewhere and will be picked up again
    (an outbox row, a feed still due), so a broker outage must not fail their request.
    No result is kept: asking for one subscribes to the Redis result store first, and
    that raises RuntimeError, not a broker error, while Redis is down.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs, ignore_result=True, **options)
    except OperationalError:
        logger.warning("Broker unreachable; %s not queued", task.name, exc_info=True)
        return False
    return True
