"""Daily digests: one e-mail per user of what is new in their subscriptions of one kind.

A kind of subscription (a saved job search, the gig feed) is a model with ``user`` and
``last_sent_at`` (null until the first digest). Its app says what is new for one row and
how to send a user's e-mail; these functions do the rest the same way for every kind:
users in batches, each row's news up to the run's cut-off, ``last_sent_at`` moved to that
cut-off in the transaction that found the news (so a second run over the same period finds
nothing and sends nothing), and one outbox message per user with news.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from celery import Task
from django.db.models import Model, Q, QuerySet

from outbox import services as outbox
from outbox.broker import task_enqueue


def digest_user_batches(subscriptions: QuerySet, *, size: int) -> Iterator[list[int]]:
    """IDs of active users holding rows of ``subscriptions``, ``size`` at a time, by user id."""
    last_id = 0
    while True:
        user_ids = list(
            subscriptions.filter(user__is_active=True, user_id__gt=last_id)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()[:size]
        )
        if not user_ids:
            return
        yield user_ids
        last_id = user_ids[-1]


def digest_batches_enqueue(*, batches: Iterable[list[int]], task: Task, until: datetime) -> int:
    """Queue ``task(user_ids, until)`` once per batch; return how many batches were queued."""
    queued = 0
    for user_ids in batches:
        # Users whose batch the broker refuses keep their last-sent time, so the next
        # digest includes this one's news.
        if not task_enqueue(task, args=[user_ids, until.isoformat()]):
            break
        queued += 1
    return queued


def digests_prepare(
    *,
    subscriptions: QuerySet,
    user_ids: list[int],
    until: datetime,
    news: Callable[[Any, datetime], Any | None],
    send: Callable[..., int],
) -> int:
    """Queue the digests of these users' due ``subscriptions``; return how many were queued.

    Runs in the caller's transaction. Rows another run holds are skipped, not waited for.
    ``news(row, until)`` returns the row's JSON section up to ``until``, or None when nothing is
    new; each user with a section gets one message, ``send(user_id=..., sections=[...])``
    after commit, with the sections in the order of ``subscriptions``.
    """
    rows: list[Model] = list(
        subscriptions.select_for_update(skip_locked=True, of=("self",))
        .filter(user_id__in=user_ids, user__is_active=True)
        .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=until))
    )
    sections: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        section = news(row, until)
        if section is not None:
            sections[row.user_id].append(section)  # type: ignore[attr-defined]
    subscriptions.model.objects.filter(pk__in=[row.pk for row in rows]).update(last_sent_at=until)
    outbox.messages_queue(
        handler=send,
        kwargs_list=[
            {"user_id": user_id, "sections": user_sections}
            for user_id, user_sections in sections.items()
        ],
    )
    return len(sections)
