"""Response time: each person's median time to first reply over the last 90 days.

For every thread whose first message falls in the window, the other person's first message
after it is their reply; its delay is one sample. Threads never answered give no sample, so
the figure says how fast someone answers when they do; the sample size is kept beside it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from messaging.models import Message, ResponseTime, Thread

WINDOW = timedelta(days=90)
# Profiles show the figure from this many replies on: a median of one or two replies is
# one anecdote, and a single slow evening would label someone slow for three months.
SHOWN_FROM_SAMPLES = 3


def response_samples(*, now: datetime) -> dict[int, list[int]]:
    """Seconds to first reply, per replying user, for threads started in the window."""
    started = (
        Thread.objects.annotate(first_at=Min("messages__created_at"))
        .filter(first_at__gte=now - WINDOW)
        .values("pk")
    )
    rows = (
        Message.objects.filter(thread_id__in=started)
        .order_by("thread_id", "created_at", "pk")
        .values_list("thread_id", "sender_id", "created_at")
    )
    samples: dict[int, list[int]] = defaultdict(list)
    opener: tuple[int, int, datetime] | None = None
    answered = None
    for thread_id, sender_id, created_at in rows.iterator():
        if opener is None or opener[0] != thread_id:
            opener = (thread_id, sender_id, created_at)
            answered = False
            continue
        if not answered and sender_id != opener[1]:
            samples[sender_id].append(int((created_at - opener[2]).total_seconds()))
            answered = True
    return dict(samples)


@transaction.atomic
def response_times_refresh(*, now: datetime | None = None) -> int:
    """Store every user's median and sample size; return how many users have samples."""
    now = now or timezone.now()
    samples = response_samples(now=now)
    ResponseTime.objects.exclude(user_id__in=list(samples)).update(
        median_seconds=None, sample_size=0, computed_at=now
    )
    ResponseTime.objects.bulk_create(
        [
            ResponseTime(
                user_id=user_id,
                median_seconds=int(statistics.median(delays)),
                sample_size=len(delays),
                computed_at=now,
            )
            for user_id, delays in samples.items()
        ],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["median_seconds", "sample_size", "computed_at"],
    )
    return len(samples)
